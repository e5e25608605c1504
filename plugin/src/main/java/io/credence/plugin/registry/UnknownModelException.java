package io.credence.plugin.registry;

/** A model name or version that the registry does not serve. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
