package io.credence.rules.audit;

/**
 * What a {@link JdbcAuditLog} reports as it writes, for whoever counts it (the service binds it to its
 * metrics). Called on the appending threads and the writer thread, so an implementation is quick and
 * thread-safe; {@link #NONE} ignores everything.
 *
 * <pre>{@code
 * JdbcAuditLog audit = JdbcAuditLog.open(settings).events(new AuditEvents() {
 *     public void committed(int records) { commitSizes.record(records); }
 * });
 * }</pre>
 */
public interface AuditEvents {

    /** Reports nothing (the default). */
    AuditEvents NONE = new AuditEvents() {
    };

    /** One append returned its durable record after {@code nanos} (queueing, group commit and sync included). */
    default void appended(long nanos) {
    }

    /**
     * One append failed after {@code nanos} with {@code failure} (the store unavailable, the entry refused);
     * a {@link DuplicateInputException} is an answer, not a failure, and is not reported.
     */
    default void appendFailed(long nanos, RuntimeException failure) {
    }

    /** One transaction of the writer committed {@code records} records (the group-commit size). */
    default void committed(int records) {
    }
}
