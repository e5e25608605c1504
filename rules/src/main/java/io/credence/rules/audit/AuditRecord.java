package io.credence.rules.audit;

/**
 * An audit record as stored.
 *
 * @param sequence     position in the chain, from 1
 * @param entry        the audited content
 * @param inputSha256  SHA-256 of the raw input (the input itself may be erased for GDPR, the digest stays)
 * @param previousHash hash of the previous record (64 zeros for the first)
 * @param recordHash   SHA-256 over the canonical record content and {@code previousHash}
 */
public record AuditRecord(long sequence, AuditEntry entry, String inputSha256, String previousHash, String recordHash) {
}
