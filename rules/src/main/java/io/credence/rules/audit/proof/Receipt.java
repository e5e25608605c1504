package io.credence.rules.audit.proof;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a client keeps of a decision to prove later that it is in the audit log: the decision,
 * its leaf in the tree and the record hash the leaf is made from.
 *
 * <pre>{@code
 * Receipt receipt = new Receipt(record.entry().decisionId(), record.sequence() - 1, record.recordHash());
 * Hash leaf = receipt.leafHash();   // SHA-256(0x00 || the 32 record hash bytes)
 * }</pre>
 *
 * @param decisionId the decision
 * @param leafIndex  the record's leaf, from 0 (its sequence minus one)
 * @param recordHash the record's SHA-256, 64 lower-case hex digits
 */
public record Receipt(String decisionId, long leafIndex, String recordHash) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Receipt {
        if (decisionId == null || decisionId.isBlank()) {
            throw new IllegalArgumentException("a receipt needs a decision id");
        }
        if (leafIndex < 0) {
            throw new IllegalArgumentException("receipt leaf index must not be negative, was " + leafIndex);
        }
        if (recordHash == null || !HEX_SHA256.matcher(recordHash).matches()) {
            throw new IllegalArgumentException("receipt record hash must be 64 lower-case hex digits, was '"
                    + recordHash + "'");
        }
    }

    /** The leaf data: the 32 bytes the record hash spells. */
    public byte[] leafData() {
        return HexFormat.of().parseHex(recordHash);
    }

    /** The leaf hash in the tree. */
    public Hash leafHash() {
        return MerkleHashes.leafHash(leafData());
    }
}
