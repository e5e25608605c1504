package io.credence.rules.audit.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of RFC 9162 §2.1.1: a leaf is {@code SHA-256(0x00 || data)}, an inner node
 * {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. The distinct
 * prefixes keep a leaf from passing for a node (second-preimage resistance).
 *
 * <pre>{@code
 * Hash leaf = MerkleHashes.leafHash(recordHashBytes);
 * Hash parent = MerkleHashes.nodeHash(leftChild, rightChild);
 * }</pre>
 */
public final class MerkleHashes {

    /** The root of the tree without leaves: SHA-256 of nothing. */
    public static final Hash EMPTY_ROOT = new Hash(sha256().digest());

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHashes() {
    }

    /** The leaf hash of some data: {@code SHA-256(0x00 || data)}. */
    public static Hash leafHash(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("leaf data is required (it may be empty, not null)");
        }
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return new Hash(digest.digest());
    }

    /** The hash of an inner node: {@code SHA-256(0x01 || left || right)}. */
    public static Hash nodeHash(Hash left, Hash right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        left.updateDigest(digest);
        right.updateDigest(digest);
        return new Hash(digest.digest());
    }

    /** The largest power of two below {@code n}, for {@code n >= 2}: where RFC 9162 splits a tree. */
    static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("only a tree of 2 or more leaves splits, this one has " + n);
        }
        return Long.highestOneBit(n - 1);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256, which every Java SE platform must provide", e);
        }
    }
}
