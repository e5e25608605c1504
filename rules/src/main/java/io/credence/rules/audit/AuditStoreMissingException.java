package io.credence.rules.audit;

/**
 * There is no audit store where one was to be read: the database, the schema or one of the audit
 * tables does not exist. Opening for reading never creates one; the message says what is missing
 * and that nothing was created.
 */
public class AuditStoreMissingException extends AuditUnavailableException {

    public AuditStoreMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
