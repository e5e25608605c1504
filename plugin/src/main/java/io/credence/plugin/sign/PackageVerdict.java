package io.credence.plugin.sign;

/**
 * Why a loaded package was let in: signed by a trusted key, or unsigned where unsigned packages
 * are allowed, or not checked at all (a registry given no {@link PackageTrust}).
 *
 * @param status what was found
 * @param keyId  the signing key's id when {@link Status#SIGNED}; null otherwise
 */
public record PackageVerdict(Status status, String keyId) {

    /** What a package's signature was found to be. */
    public enum Status { SIGNED, UNSIGNED_ALLOWED, NOT_CHECKED }

    /** Signatures not checked. */
    public static final PackageVerdict NOT_CHECKED = new PackageVerdict(Status.NOT_CHECKED, null);
    /** Unsigned, let in by {@link PackageTrust#allowUnsigned()}. */
    public static final PackageVerdict UNSIGNED_ALLOWED = new PackageVerdict(Status.UNSIGNED_ALLOWED, null);

    public PackageVerdict {
        if (status == null) {
            throw new IllegalArgumentException("a package verdict needs a status");
        }
        if ((status == Status.SIGNED) != (keyId != null)) {
            throw new IllegalArgumentException("a key id goes with SIGNED and only with it; status " + status + ", key " + keyId);
        }
    }

    /** Signed by the key {@code keyId}. */
    public static PackageVerdict signed(String keyId) {
        return new PackageVerdict(Status.SIGNED, keyId);
    }

    /** For health pages: {@code signed by key 9d1e…}, {@code UNSIGNED (allowed)} or {@code not checked}. */
    public String label() {
        return switch (status) {
            case SIGNED -> "signed by key " + keyId;
            case UNSIGNED_ALLOWED -> "UNSIGNED (allowed)";
            case NOT_CHECKED -> "not checked";
        };
    }
}
