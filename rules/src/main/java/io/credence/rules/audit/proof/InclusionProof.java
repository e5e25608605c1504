package io.credence.rules.audit.proof;

import java.util.List;

/**
 * The audit path of RFC 9162 §2.1.3: the sibling hashes that lead from one leaf to the root of
 * a tree of {@code treeSize} leaves, nearest the leaf first.
 *
 * @param leafIndex the leaf, from 0
 * @param treeSize  the tree the path leads to the root of
 * @param path      the sibling hashes, leaf end first
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {

    public InclusionProof {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("an inclusion proof needs 0 <= leafIndex < treeSize, got leafIndex "
                    + leafIndex + " and treeSize " + treeSize);
        }
        if (path == null) {
            throw new IllegalArgumentException("an inclusion proof needs a path (empty for a tree of one leaf)");
        }
        path = List.copyOf(path);
    }

    /**
     * Whether this path leads from {@code leafHash} to {@code root}.
     *
     * @see ProofVerifier#verifyInclusion
     */
    public Verification verify(Hash leafHash, Hash root) {
        return ProofVerifier.verifyInclusion(leafHash, leafIndex, treeSize, path, root);
    }
}
