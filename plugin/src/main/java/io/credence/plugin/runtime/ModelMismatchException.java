package io.credence.plugin.runtime;

/** A model package whose ONNX graph disagrees with its card; the message names the file and the mismatch. */
public class ModelMismatchException extends RuntimeException {

    public ModelMismatchException(String message) {
        super(message);
    }

    public ModelMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
