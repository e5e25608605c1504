package io.credence.rules.audit;

/**
 * The audit store refused one entry for what it holds (a data exception or a constraint, SQLState
 * class 22 or 23: text it cannot keep, a value too long), not because the store is down. Nothing
 * of the entry was written and the log goes on; the caller decides what to record instead (the
 * decision service records the input as rejected).
 */
public class AuditEntryRefusedException extends IllegalArgumentException {

    private final String sqlState;

    public AuditEntryRefusedException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The store's SQLState, e.g. {@code 22021} (PostgreSQL: invalid byte sequence, as for U+0000). */
    public String sqlState() {
        return sqlState;
    }
}
