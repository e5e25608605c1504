package io.credence.rules.audit.proof;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Signed checkpoints: the key that signs them, the witness folder they are exported to, and how
 * often. Without a signing key the tree is still kept (receipts and the chain work), but no
 * checkpoint is signed and no inclusion proof can be given.
 *
 * @param signingKey  {@code credence.audit.signing-key}: the Ed25519 private key (PKCS#8 PEM, with
 *                    its public key in {@code FILE.pub}, as {@code audit keygen} writes them); null: none
 * @param checkpoints {@code credence.audit.checkpoints}: the witness folder (append-only
 *                    {@code checkpoints.log}), outside the database; null: the store only
 * @param every       {@code credence.audit.checkpoint-every}: sign after this many new records
 * @param interval    {@code credence.audit.checkpoint-interval}: or after this long, when the tree grew
 */
public record ProofSettings(Path signingKey, Path checkpoints, long every, Duration interval) {

    public ProofSettings {
        if (every < 1) {
            throw new IllegalArgumentException("credence.audit.checkpoint-every must be at least 1, was " + every);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("credence.audit.checkpoint-interval must be positive, was " + interval);
        }
        if (checkpoints != null && signingKey == null) {
            throw new IllegalArgumentException("credence.audit.checkpoints needs credence.audit.signing-key:"
                    + " checkpoints are signed (make a key with: credence audit keygen --out FILE)");
        }
    }

    /** Whether checkpoints are signed. */
    public boolean enabled() {
        return signingKey != null;
    }
}
