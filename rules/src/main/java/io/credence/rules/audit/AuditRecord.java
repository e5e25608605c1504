package io.credence.rules.audit;

import java.time.Instant;

/**
 * An audit record as stored.
 *
 * @param sequence      position in the chain, from 1, without gaps
 * @param entry         the audited content; its {@code rawInput} is null once the input was erased
 * @param inputSha256   SHA-256 of the raw input (the input itself may be erased for GDPR, the digest stays)
 * @param previousHash  hash of the previous record (64 zeros for the first)
 * @param recordHash    SHA-256 over the canonical record content, {@code inputSha256} and {@code previousHash}
 * @param inputErasedAt when the raw input was erased, or null while it is kept
 */
public record AuditRecord(long sequence, AuditEntry entry, String inputSha256, String previousHash, String recordHash,
                          Instant inputErasedAt) {

    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        if (entry == null) {
            throw new IllegalArgumentException("entry is required for record " + sequence);
        }
    }

    /** Its receipt: the leaf of the Merkle tree it is ({@code sequence - 1}) and the hash it commits to. */
    public io.credence.rules.audit.proof.Receipt receipt() {
        return new io.credence.rules.audit.proof.Receipt(entry.decisionId(), sequence - 1, recordHash);
    }

    /** True when the raw input was erased (GDPR); the chain still verifies through {@link #inputSha256}. */
    public boolean inputErased() {
        return inputErasedAt != null;
    }
}
