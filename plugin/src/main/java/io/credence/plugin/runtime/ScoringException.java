package io.credence.plugin.runtime;

/** ONNX Runtime failed while running a model; carries the model id and ORT's error code. */
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
