package io.credence.rules.service;

/**
 * The service was asked to listen where it must not (see {@link NetworkExposure#refusal()}); nothing was
 * started. {@code serve} prints the message and exits with code {@value #EXIT_CODE}.
 */
public class ExposureRefusedException extends IllegalStateException {

    /** The exit code of {@code serve} when it refuses to start. */
    public static final int EXIT_CODE = 2;

    public ExposureRefusedException(String message) {
        super(message);
    }
}
