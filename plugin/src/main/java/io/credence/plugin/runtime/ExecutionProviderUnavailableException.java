package io.credence.plugin.runtime;

/** The requested execution provider (e.g. {@code cuda}) cannot be used on this machine. */
public class ExecutionProviderUnavailableException extends RuntimeException {

    public ExecutionProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
