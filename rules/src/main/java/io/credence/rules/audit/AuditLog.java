package io.credence.rules.audit;

import java.util.List;
import java.util.Optional;

/**
 * Durable, hash-chained audit records. {@link #append} returns only after the record is durably
 * committed; if the store cannot commit it throws {@link AuditUnavailableException} and nothing
 * is half-written. A store that works but refuses one entry for what it holds throws
 * {@link AuditEntryRefusedException} instead: that is the entry's problem, not an outage.
 */
public interface AuditLog extends AutoCloseable {

    /** Writes one record, chained to the previous one, and returns it as stored. */
    AuditRecord append(AuditEntry entry);

    /** The record of a decision, if any. */
    Optional<AuditRecord> find(String decisionId);

    /** Records matching the query, newest first. */
    List<AuditRecord> search(AuditQuery query);

    /** Walks the whole chain and reports the first record that was changed, deleted or reordered. */
    ChainVerification verify();

    /**
     * Erases the raw input of every record of an application (GDPR right to erasure). The records,
     * their input digests and the chain stay; returns how many inputs were erased now.
     */
    int eraseInput(String applicationId);

    @Override
    void close();
}
