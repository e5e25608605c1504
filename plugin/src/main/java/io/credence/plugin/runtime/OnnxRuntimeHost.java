package io.credence.plugin.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide ONNX Runtime environment plus the execution-provider policy new sessions
 * follow. One per process is enough; it holds no per-model state.
 *
 * <pre>{@code
 * OnnxRuntimeHost host = new OnnxRuntimeHost(ExecutionProviderPolicy.parse("auto"));
 * }</pre>
 */
public final class OnnxRuntimeHost {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeHost.class);

    private final OrtEnvironment environment;
    private final ExecutionProviderPolicy policy;
    private final int intraOpThreads;

    /** A host with the given policy and one intra-op thread per session (callers bring the parallelism). */
    public OnnxRuntimeHost(ExecutionProviderPolicy policy) {
        this(policy, 1);
    }

    public OnnxRuntimeHost(ExecutionProviderPolicy policy, int intraOpThreads) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
        }
        this.intraOpThreads = intraOpThreads;
        this.environment = OrtEnvironment.getEnvironment();
    }

    public OrtEnvironment environment() {
        return environment;
    }

    public ExecutionProviderPolicy policy() {
        return policy;
    }

    /** The providers this ONNX Runtime build offers (the CPU artifact offers only CPU). */
    public static EnumSet<OrtProvider> availableProviders() {
        return OrtEnvironment.getAvailableProviders();
    }

    /** A session and the provider it was created for. */
    public record CreatedSession(OrtSession session, ExecutionProvider provider) {
    }

    /**
     * Creates a session for one model version according to the policy.
     *
     * @throws ExecutionProviderUnavailableException when {@code cuda} was required and cannot load
     * @throws OrtException                          when the model itself cannot be loaded
     */
    public CreatedSession createSession(byte[] onnx, String modelId) throws OrtException {
        switch (policy.mode()) {
            case CPU:
                return new CreatedSession(cpuSession(onnx), ExecutionProvider.cpu(""));
            case CUDA:
                try {
                    return new CreatedSession(cudaSession(onnx, policy.deviceId()), ExecutionProvider.cuda(policy.deviceId()));
                } catch (CudaUnavailable e) {
                    throw new ExecutionProviderUnavailableException("model " + modelId + ": execution provider 'cuda:"
                            + policy.deviceId() + "' was required but cannot be used: " + e.getMessage()
                            + ". Use 'auto' to fall back to CPU, or build with -Pgpu on a host with CUDA 12 and cuDNN.", e.getCause());
                }
            case AUTO:
            default:
                try {
                    return new CreatedSession(cudaSession(onnx, policy.deviceId()), ExecutionProvider.cuda(policy.deviceId()));
                } catch (CudaUnavailable e) {
                    String note = "auto: CUDA unavailable (" + e.getMessage() + "), using CPU";
                    LOG.info("model {}: {}", modelId, note);
                    return new CreatedSession(cpuSession(onnx), ExecutionProvider.cpu(note));
                }
        }
    }

    private OrtSession cpuSession(byte[] onnx) throws OrtException {
        try (OrtSession.SessionOptions options = baseOptions()) {
            return environment.createSession(onnx, options);
        }
    }

    private OrtSession cudaSession(byte[] onnx, int deviceId) throws OrtException, CudaUnavailable {
        if (!availableProviders().contains(OrtProvider.CUDA)) {
            throw new CudaUnavailable("this ONNX Runtime build has no CUDA provider (available: "
                    + availableProviders() + ")", null);
        }
        try (OrtSession.SessionOptions options = baseOptions()) {
            try {
                options.addCUDA(deviceId);
            } catch (OrtException e) {
                throw new CudaUnavailable("CUDA provider failed to load on device " + deviceId + ": " + e.getMessage(), e);
            }
            try {
                return environment.createSession(onnx, options);
            } catch (OrtException e) {
                if (e.getMessage() != null && e.getMessage().toLowerCase().contains("cuda")) {
                    throw new CudaUnavailable("CUDA session creation failed on device " + deviceId + ": " + e.getMessage(), e);
                }
                throw e;
            }
        }
    }

    private OrtSession.SessionOptions baseOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        return options;
    }

    private static final class CudaUnavailable extends Exception {
        CudaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
