package io.credence.rules.audit.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;

/**
 * Signs checkpoints of the audit tree with an Ed25519 key. Thread-safe: each signature uses its
 * own {@link Signature}.
 *
 * <pre>{@code
 * CheckpointSigner signer = new CheckpointSigner(SigningKeys.read(Path.of("checkpoint.key")));
 * Checkpoint cp = signer.sign(tree, Instant.now());          // the tree's current size and root
 * new CheckpointFile(witnessDir).append(cp);
 * }</pre>
 */
public final class CheckpointSigner {

    private final KeyPair pair;
    private final String keyId;

    /** @throws IllegalArgumentException when the pair is not Ed25519 or its halves do not belong together */
    public CheckpointSigner(KeyPair pair) {
        if (pair == null || pair.getPrivate() == null || pair.getPublic() == null) {
            throw new IllegalArgumentException("a checkpoint signer needs an Ed25519 key pair (private and public key)");
        }
        SigningKeys.checkEd25519(pair.getPublic(), "checkpoint signing key");
        if (!belongTogether(pair)) {
            throw new IllegalArgumentException("the private and the public checkpoint key do not belong together");
        }
        this.pair = pair;
        this.keyId = SigningKeys.keyId(pair.getPublic());
    }

    /** The id every checkpoint of this signer carries. */
    public String keyId() {
        return keyId;
    }

    /** The key that verifies this signer's checkpoints. */
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** A checkpoint of a tree size and its root. */
    public Checkpoint sign(long treeSize, Hash root, Instant time) {
        String text = Checkpoint.signedText(treeSize, root, time, keyId);
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(pair.getPrivate());
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(treeSize, root.bytes(), time, keyId, signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign checkpoint '" + text + "' with key " + keyId + ": " + e, e);
        }
    }

    /** A checkpoint of the tree as it is now. */
    public Checkpoint sign(MerkleTree tree, Instant time) {
        long size = tree.size();
        return sign(size, tree.root(size), time);
    }

    /** Whether the private key signs what the public key verifies. */
    static boolean belongTogether(KeyPair pair) {
        return io.credence.plugin.sign.KeyFiles.belongTogether(pair);
    }
}
