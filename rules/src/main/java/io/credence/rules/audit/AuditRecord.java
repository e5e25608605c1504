package io.credence.rules.audit;

import java.time.Instant;

/**
 * An audit record as stored.
 *
 * @param sequence               position in the chain, from 1, without gaps
 * @param entry                  the audited content, its personal data put back while it is kept; once it
 *                               was erased, {@code rawInput} is null, attribution values and encoded features
 *                               are null and reason and error texts read {@code (erased)}
 * @param inputSha256            records of format 1 (written before personal data was kept apart): SHA-256
 *                               of the raw input; null for format 2
 * @param previousHash           hash of the previous record (64 zeros for the first)
 * @param recordHash             SHA-256 over the canonical record document
 * @param inputErasedAt          when the personal data (format 1: the raw input) was erased, or null while it is kept
 * @param personalDataCommitment format 2: SHA-256(salt || personal data) the record commits to; null for
 *                               format 1 and for records without personal data (erasure records)
 */
public record AuditRecord(long sequence, AuditEntry entry, String inputSha256, String previousHash, String recordHash,
                          Instant inputErasedAt, String personalDataCommitment) {

    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        if (entry == null) {
            throw new IllegalArgumentException("entry is required for record " + sequence);
        }
    }

    /** A record of format 1 (no personal-data commitment). */
    public AuditRecord(long sequence, AuditEntry entry, String inputSha256, String previousHash, String recordHash,
                       Instant inputErasedAt) {
        this(sequence, entry, inputSha256, previousHash, recordHash, inputErasedAt, null);
    }

    /** Its receipt: the leaf of the Merkle tree it is ({@code sequence - 1}) and the hash it commits to. */
    public io.credence.rules.audit.proof.Receipt receipt() {
        return new io.credence.rules.audit.proof.Receipt(entry.decisionId(), sequence - 1, recordHash);
    }

    /**
     * True when the personal data (format 1: the raw input) was erased; the chain still verifies,
     * as the record hashes only a commitment (format 1: a digest) of it.
     */
    public boolean inputErased() {
        return inputErasedAt != null;
    }
}
