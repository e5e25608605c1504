package io.credence.rules.audit;

/**
 * The audit store cannot durably write a record; the caller must not release the decision. The
 * message is shown to users (503 pages, logs): any JDBC URL in it is shown without credentials
 * ({@link SafeUrl}).
 */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(SafeUrl.of(message), cause);
    }
}
