package io.credence.rules.audit;

/** The audit store cannot durably write a record; the caller must not release the decision. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
