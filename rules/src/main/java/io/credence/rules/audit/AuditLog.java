package io.credence.rules.audit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable, hash-chained audit records. {@link #append} returns only after the record is durably
 * committed; if the store cannot commit it throws {@link AuditUnavailableException} and nothing
 * is half-written. A store that works but refuses one entry for what it holds throws
 * {@link AuditEntryRefusedException} instead: that is the entry's problem, not an outage.
 */
public interface AuditLog extends AutoCloseable {

    /**
     * Writes one record, chained to the previous one, and returns it as stored.
     *
     * @throws AuditUnavailableException when the record is not durable within the store's append timeout
     * @throws DuplicateInputException   when the entry's input key is already recorded for its application
     */
    AuditRecord append(AuditEntry entry);

    /**
     * As {@link #append(AuditEntry)}, with the store's append timeout counted from
     * {@code receivedNanos} ({@link System#nanoTime()} when the application reached the service)
     * instead of from now, so the caller has its answer within the bound of sending it.
     */
    default AuditRecord append(AuditEntry entry, long receivedNanos) {
        return append(entry);
    }

    /**
     * As {@link #append(AuditEntry, long)} without holding the calling thread while the record is
     * committed: the future completes with the stored record once it is durable, or exceptionally
     * with what {@code append} would have thrown ({@link AuditUnavailableException} when it is not
     * durable within the bound from {@code receivedNanos}, {@link DuplicateInputException},
     * {@link AuditEntryRefusedException}). It completes on the store's own thread: a caller that has
     * more to do than hand the record on continues on an executor of its own. By default the append
     * is made on the calling thread.
     */
    default CompletableFuture<AuditRecord> appendAsync(AuditEntry entry, long receivedNanos) {
        try {
            return CompletableFuture.completedFuture(append(entry, receivedNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The idempotency key of a canonical input: HMAC-SHA256 under a secret of this store (lower-case
     * hex). Deterministic for one store, so a retry finds its decision; keyed, so that nobody without
     * the secret can confirm a guessed input from it, and erasing an application deletes it.
     */
    String inputKey(String canonicalInput);

    /** What the log holds of an application: the record of the identical input, and its newest decision. */
    ApplicationHistory history(String applicationId, String inputKey);

    /** Whether an append would be durable within the bound now (readiness); never blocks longer than it. */
    AuditHealth health();

    /** The record of a decision, if any. */
    Optional<AuditRecord> find(String decisionId);

    /** Records matching the query, newest first. */
    List<AuditRecord> search(AuditQuery query);

    /** Walks the whole chain and reports the first record that was changed, deleted or reordered. */
    ChainVerification verify();

    /** The proof state (tree, checkpoint, last verification) when this log keeps a Merkle tree; empty otherwise. */
    default Optional<ProofState> proofState() {
        return Optional.empty();
    }

    /**
     * Erases the personal data of every record of an application, or of one record (GDPR right to
     * erasure): the data kept apart from the hashed records and its salt (format-1 records: the raw
     * input), and the idempotency keys; then appends an ERASURE record naming what was erased, who
     * erased it and on what legal basis, all in one transaction. The records and the chain stay and
     * still verify. When nothing is left to erase nothing is appended ({@link Erasure#record()} null).
     *
     * @throws AuditUnavailableException when the store cannot do it (nothing was erased then)
     */
    Erasure erase(ErasureRequest request);

    @Override
    void close();
}
