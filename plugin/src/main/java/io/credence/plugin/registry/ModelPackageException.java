package io.credence.plugin.registry;

/** A model package that was refused; the message names the file and what is wrong with it. */
public class ModelPackageException extends RuntimeException {

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
