package io.credence.rules.audit.proof;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 value: a Merkle tree node, a root, a leaf hash. Compared by content, printed as hex.
 *
 * <pre>{@code
 * Hash root = Hash.ofHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
 * byte[] raw = root.bytes();   // a copy
 * }</pre>
 *
 * @param bytes the 32 bytes (copied in and out)
 */
public record Hash(byte[] bytes) {

    /** Bytes in a SHA-256 value. */
    public static final int LENGTH = 32;

    public Hash {
        if (bytes == null) {
            throw new IllegalArgumentException("a hash needs its " + LENGTH + " bytes, was null");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has " + LENGTH + " bytes, this one has " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /**
     * The hash that 64 hex digits spell.
     *
     * @throws IllegalArgumentException naming the text when it is not 64 hex digits
     */
    public static Hash ofHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("expected a SHA-256 hash as " + 2 * LENGTH + " hex digits, got "
                    + (hex == null ? "null" : "'" + hex + "' (" + hex.length() + " characters)"));
        }
        try {
            return new Hash(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a SHA-256 hash as " + 2 * LENGTH + " hex digits, got '" + hex
                    + "'", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex, 64 digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Feeds the bytes to a digest without copying them. */
    void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
