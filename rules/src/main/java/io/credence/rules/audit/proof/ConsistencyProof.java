package io.credence.rules.audit.proof;

import java.util.List;

/**
 * The consistency proof of RFC 9162 §2.1.4: the node hashes that show a tree of {@code newSize}
 * leaves extends the tree of {@code oldSize} leaves, without changing any of its leaves.
 *
 * @param oldSize the earlier tree size
 * @param newSize the later tree size, at least {@code oldSize}
 * @param path    the node hashes (empty when {@code oldSize} is 0 or equals {@code newSize})
 */
public record ConsistencyProof(long oldSize, long newSize, List<Hash> path) {

    public ConsistencyProof {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("a consistency proof needs 0 <= oldSize <= newSize, got oldSize "
                    + oldSize + " and newSize " + newSize);
        }
        if (path == null) {
            throw new IllegalArgumentException("a consistency proof needs a path (it may be empty)");
        }
        path = List.copyOf(path);
    }

    /**
     * Whether this proof shows the tree with root {@code newRoot} extends the one with root {@code oldRoot}.
     *
     * @see ProofVerifier#verifyConsistency
     */
    public Verification verify(Hash oldRoot, Hash newRoot) {
        return ProofVerifier.verifyConsistency(oldSize, newSize, oldRoot, newRoot, path);
    }
}
