package io.credence.rules.audit.proof;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks checkpoint signatures against one Ed25519 public key: the key id must be this key's and
 * the signature must cover the checkpoint's canonical text. Thread-safe.
 *
 * <pre>{@code
 * CheckpointVerifier verifier = new CheckpointVerifier(SigningKeys.readPublicKey(Path.of("checkpoint.key.pub")));
 * Verification v = verifier.verify(Checkpoint.parse(line));
 * }</pre>
 */
public final class CheckpointVerifier {

    private final PublicKey key;
    private final String keyId;

    /** @throws IllegalArgumentException when the key is not an Ed25519 key */
    public CheckpointVerifier(PublicKey key) {
        if (key == null) {
            throw new IllegalArgumentException("a checkpoint verifier needs an Ed25519 public key");
        }
        SigningKeys.checkEd25519(key, "checkpoint public key");
        this.key = key;
        this.keyId = SigningKeys.keyId(key);
    }

    /** The id of the key this verifier trusts. */
    public String keyId() {
        return keyId;
    }

    /** Whether the checkpoint is signed by this verifier's key. */
    public Verification verify(Checkpoint checkpoint) {
        if (!checkpoint.keyId().equals(keyId)) {
            return Verification.failed("the checkpoint names signing key " + checkpoint.keyId()
                    + ", but the public key given is " + keyId);
        }
        boolean valid;
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initVerify(key);
            signature.update(checkpoint.signedBytes());
            valid = signature.verify(checkpoint.signature());
        } catch (GeneralSecurityException e) {
            return Verification.failed("the checkpoint signature cannot be checked: " + e.getMessage());
        }
        return valid ? Verification.ok()
                : Verification.failed("the checkpoint signature does not verify with key " + keyId
                        + ": the checkpoint (size " + checkpoint.treeSize() + ", root " + checkpoint.root()
                        + ") was changed or signed by another key");
    }
}
