package io.credence.rules.audit.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed statement "the audit tree had {@code treeSize} leaves and root {@code rootHash} at
 * {@code time}". Its canonical form is one line of text, six fields after the two-word header,
 * separated by single spaces:
 *
 * <pre>
 * credence-checkpoint v1 &lt;treeSize&gt; &lt;rootHash, 64 hex&gt; &lt;time, ISO-8601 UTC as Instant.toString()&gt; &lt;keyId, 16 hex&gt; &lt;signature, base64&gt;
 * credence-checkpoint v1 8 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 2026-05-04T10:15:30Z 1a2b3c4d5e6f7081 q83vEjR...==
 * </pre>
 *
 * <p>The Ed25519 signature covers the UTF-8 bytes of the line up to, not including, the space
 * before the signature ({@link #signedText()}). Parsing accepts only the canonical form, so the
 * signed bytes of a parsed checkpoint are exactly those of the line read.
 *
 * @param treeSize  leaves in the tree, 0 or more
 * @param rootHash  the tree's root, 32 bytes (copied in and out)
 * @param time      when it was signed
 * @param keyId     the signing key's id, {@link SigningKeys#keyId}
 * @param signature Ed25519 signature of {@link #signedText()}, 64 bytes (copied in and out)
 */
public record Checkpoint(long treeSize, byte[] rootHash, Instant time, String keyId, byte[] signature) {

    /** The first two words of every checkpoint line: the format and its version. */
    public static final String HEADER = "credence-checkpoint v1";

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final int SIGNATURE_LENGTH = 64;

    public Checkpoint {
        if (treeSize < 0) {
            throw new IllegalArgumentException("checkpoint tree size must not be negative, was " + treeSize);
        }
        if (rootHash == null || rootHash.length != Hash.LENGTH) {
            throw new IllegalArgumentException("a checkpoint root is a SHA-256 hash of " + Hash.LENGTH + " bytes, got "
                    + (rootHash == null ? "none" : rootHash.length + " bytes"));
        }
        rootHash = rootHash.clone();
        if (time == null) {
            throw new IllegalArgumentException("a checkpoint needs the time it was signed");
        }
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("checkpoint key id must be 16 lower-case hex digits, was '" + keyId + "'");
        }
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 checkpoint signature has " + SIGNATURE_LENGTH
                    + " bytes, this one has " + (signature == null ? "none" : signature.length));
        }
        signature = signature.clone();
    }

    /** The text a checkpoint's signature covers: the line without the signature. */
    public static String signedText(long treeSize, Hash root, Instant time, String keyId) {
        return HEADER + " " + treeSize + " " + root.hex() + " " + time + " " + keyId;
    }

    /** The text the signature covers: the line without the signature. */
    public String signedText() {
        return signedText(treeSize, root(), time, keyId);
    }

    /** The UTF-8 bytes of {@link #signedText()}. */
    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical one-line form (without a line break). */
    public String toLine() {
        return signedText() + " " + Base64.getEncoder().encodeToString(signature);
    }

    /** The root as a {@link Hash}. */
    public Hash root() {
        return new Hash(rootHash);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * The checkpoint a canonical line spells (its signature is not checked here).
     *
     * @throws IllegalArgumentException saying which field is wrong and what was expected
     */
    public static Checkpoint parse(String line) {
        if (line == null) {
            throw new IllegalArgumentException("expected a checkpoint line, got null");
        }
        if (!line.startsWith(HEADER + " ")) {
            throw new IllegalArgumentException("a checkpoint line starts with '" + HEADER + " ', this one with '"
                    + abbreviate(line) + "'");
        }
        String[] f = line.substring(HEADER.length() + 1).split(" ", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("a checkpoint line has 5 fields after '" + HEADER
                    + "' (treeSize rootHash time keyId signature) separated by single spaces, this one has " + f.length);
        }
        if (!SIZE.matcher(f[0]).matches()) {
            throw new IllegalArgumentException("checkpoint tree size must be a decimal number without sign or leading"
                    + " zeros, was '" + abbreviate(f[0]) + "'");
        }
        long size;
        try {
            size = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size " + f[0] + " is too large", e);
        }
        if (!f[1].equals(f[1].toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("checkpoint root hash must be lower-case hex, was '" + f[1] + "'");
        }
        Hash root;
        try {
            root = Hash.ofHex(f[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash: " + e.getMessage(), e);
        }
        Instant time;
        try {
            time = Instant.parse(f[2]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("checkpoint time must be an ISO-8601 UTC instant such as"
                    + " 2026-05-04T10:15:30Z, was '" + abbreviate(f[2]) + "'", e);
        }
        if (!time.toString().equals(f[2])) {
            throw new IllegalArgumentException("checkpoint time '" + f[2] + "' is not in canonical form, expected '"
                    + time + "'");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(f[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint signature must be base64, was '" + abbreviate(f[4]) + "'", e);
        }
        Checkpoint checkpoint = new Checkpoint(size, root.bytes(), time, f[3], signature);
        if (!checkpoint.toLine().equals(line)) {
            throw new IllegalArgumentException("checkpoint signature '" + abbreviate(f[4])
                    + "' is not in canonical base64 (with padding)");
        }
        return checkpoint;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && treeSize == that.treeSize
                && MessageDigest.isEqual(rootHash, that.rootHash) && time.equals(that.time)
                && keyId.equals(that.keyId) && MessageDigest.isEqual(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeSize, Arrays.hashCode(rootHash), time, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return toLine();
    }
}
