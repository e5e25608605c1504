package io.credence.plugin.runtime;

/**
 * The execution provider a session actually runs on, as reported with every score.
 *
 * @param name     ONNX Runtime's provider name, {@code CPUExecutionProvider} or {@code CUDAExecutionProvider}
 * @param deviceId CUDA device id, or -1 on CPU
 * @param note     why this provider was chosen when it differs from the request (e.g. the auto
 *                 fallback reason), otherwise empty
 */
public record ExecutionProvider(String name, int deviceId, String note) {

    public static final String CPU_NAME = "CPUExecutionProvider";
    public static final String CUDA_NAME = "CUDAExecutionProvider";

    public static ExecutionProvider cpu(String note) {
        return new ExecutionProvider(CPU_NAME, -1, note == null ? "" : note);
    }

    public static ExecutionProvider cuda(int deviceId) {
        return new ExecutionProvider(CUDA_NAME, deviceId, "");
    }

    public boolean isCuda() {
        return CUDA_NAME.equals(name);
    }

    /** {@code CPUExecutionProvider} or {@code CUDAExecutionProvider:0}. */
    public String label() {
        return isCuda() ? name + ":" + deviceId : name;
    }
}
