package io.credence.plugin.runtime;

import java.util.Locale;

/**
 * Which execution provider a model session should use.
 *
 * <ul>
 *   <li>{@code auto}: CUDA device 0 when ONNX Runtime can load it, otherwise CPU (the fallback
 *       and its reason are reported);</li>
 *   <li>{@code cpu}: CPU only;</li>
 *   <li>{@code cuda} or {@code cuda:N}: CUDA device N (default 0), and fail loudly when it cannot load.</li>
 * </ul>
 *
 * @param mode     auto, cpu or cuda
 * @param deviceId CUDA device id (ignored for cpu)
 */
public record ExecutionProviderPolicy(Mode mode, int deviceId) {

    /** The three policies. */
    public enum Mode { AUTO, CPU, CUDA }

    public static final ExecutionProviderPolicy AUTO = new ExecutionProviderPolicy(Mode.AUTO, 0);
    public static final ExecutionProviderPolicy CPU = new ExecutionProviderPolicy(Mode.CPU, 0);

    public ExecutionProviderPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("execution provider mode is required");
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException("CUDA device id must be >= 0, was " + deviceId);
        }
    }

    /**
     * Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static ExecutionProviderPolicy parse(String text) {
        String expected = "expected one of auto, cpu, cuda, cuda:<device id>";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("execution provider is empty; " + expected);
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "cuda":
                return new ExecutionProviderPolicy(Mode.CUDA, 0);
            default:
                if (value.startsWith("cuda:")) {
                    try {
                        return new ExecutionProviderPolicy(Mode.CUDA, Integer.parseInt(value.substring(5)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("execution provider '" + text + "' has a bad device id; " + expected, e);
                    }
                }
                throw new IllegalArgumentException("execution provider '" + text + "' is not known; " + expected);
        }
    }

    @Override
    public String toString() {
        return mode == Mode.CUDA ? "cuda:" + deviceId : mode.name().toLowerCase(Locale.ROOT);
    }
}
