package io.credence.plugin.sign;

/**
 * A model package whose signature does not let it in; the message names the model, its version,
 * where it was read from and why (unsigned, unknown key id, bad signature, file changed after signing).
 */
public class UntrustedPackageException extends RuntimeException {

    public UntrustedPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
