package io.credence.plugin.runtime;

/**
 * A model could not score: ONNX Runtime failed (the message carries ORT's error code), the
 * session was closed, or the output was not a probability ({@link InvalidModelOutputException}).
 * Carries the model id.
 */
public class ScoringException extends RuntimeException {

    private final String modelId;

    public ScoringException(String modelId, String message, Throwable cause) {
        super("model " + modelId + ": " + message, cause);
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }
}
