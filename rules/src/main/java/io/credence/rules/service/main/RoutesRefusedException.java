package io.credence.rules.service.main;

/**
 * The integrator's routes ({@code serve --routes PATTERN}) cannot be used: the pattern is malformed,
 * matches no file, names a kind of file Credence cannot load, or a route failed to load. Nothing was
 * left started. {@code serve} prints the message and exits with code {@value #EXIT_CODE}.
 */
public class RoutesRefusedException extends IllegalArgumentException {

    /** The exit code of {@code serve} when it refuses the routes. */
    public static final int EXIT_CODE = 3;

    public RoutesRefusedException(String message) {
        super(message);
    }

    public RoutesRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
