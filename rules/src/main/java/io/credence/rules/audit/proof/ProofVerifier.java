package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks Merkle proofs with nothing but the proof, the hashes and the sizes: RFC 9162 §2.1.3.2
 * (inclusion) and §2.1.4.2 (consistency), step by step as the RFC writes them. Pure functions.
 *
 * <pre>{@code
 * Verification v = ProofVerifier.verifyInclusion(leafHash, 5, 8, path, root);
 * Verification c = ProofVerifier.verifyConsistency(6, 8, oldRoot, newRoot, consistencyPath);
 * }</pre>
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /** Whether {@code path} leads from the leaf hash at {@code leafIndex} to {@code root} of a tree of {@code treeSize}. */
    public static Verification verifyInclusion(Hash leafHash, long leafIndex, long treeSize, List<Hash> path,
                                               Hash root) {
        if (leafHash == null || root == null || path == null) {
            return Verification.failed("the leaf hash, the audit path and the root are all required");
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return Verification.failed("leaf index " + leafIndex + " is not in a tree of " + treeSize + " leaves");
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        Hash r = leafHash;
        for (Hash p : path) {
            if (sn == 0) {
                return Verification.failed("the audit path has " + path.size() + " hashes, more than leaf " + leafIndex
                        + " of a tree of " + treeSize + " leaves has");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verification.failed("the audit path has " + path.size() + " hashes, fewer than leaf " + leafIndex
                    + " of a tree of " + treeSize + " leaves needs");
        }
        if (!r.equals(root)) {
            return Verification.failed("the audit path leads from leaf " + leafIndex + " to root " + r
                    + ", not to the expected root " + root + " of the tree of " + treeSize + " leaves");
        }
        return Verification.ok();
    }

    /** Whether {@code path} shows that the tree ({@code secondSize}, {@code secondRoot}) extends ({@code firstSize}, {@code firstRoot}). */
    public static Verification verifyConsistency(long firstSize, long secondSize, Hash firstRoot, Hash secondRoot,
                                                 List<Hash> path) {
        if (firstRoot == null || secondRoot == null || path == null) {
            return Verification.failed("both roots and the consistency path are required");
        }
        if (firstSize < 0 || secondSize < firstSize) {
            return Verification.failed("a tree of " + secondSize + " leaves cannot extend one of " + firstSize);
        }
        if (firstSize == secondSize) {
            if (!path.isEmpty()) {
                return Verification.failed("a tree is consistent with itself by an empty proof, this one has "
                        + path.size() + " hashes");
            }
            return firstRoot.equals(secondRoot) ? Verification.ok()
                    : Verification.failed("two different roots " + firstRoot + " and " + secondRoot
                            + " for one tree size " + firstSize);
        }
        if (firstSize == 0) {
            return path.isEmpty() ? Verification.ok()
                    : Verification.failed("every tree extends the empty tree by an empty proof, this one has "
                            + path.size() + " hashes");
        }
        if (path.isEmpty()) {
            return Verification.failed("the consistency proof from " + firstSize + " to " + secondSize
                    + " leaves is empty");
        }
        List<Hash> c = path;
        if (Long.bitCount(firstSize) == 1) {
            c = new ArrayList<>(path.size() + 1);
            c.add(firstRoot);
            c.addAll(path);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        Hash fr = c.get(0);
        Hash sr = c.get(0);
        for (Hash h : c.subList(1, c.size())) {
            if (sn == 0) {
                return Verification.failed("the consistency proof from " + firstSize + " to " + secondSize
                        + " leaves has " + path.size() + " hashes, more than it needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(h, fr);
                sr = MerkleHashes.nodeHash(h, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, h);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verification.failed("the consistency proof from " + firstSize + " to " + secondSize
                    + " leaves has " + path.size() + " hashes, fewer than it needs");
        }
        if (!fr.equals(firstRoot)) {
            return Verification.failed("the consistency proof leads to old root " + fr + ", not to the expected "
                    + firstRoot + " of the tree of " + firstSize + " leaves");
        }
        if (!sr.equals(secondRoot)) {
            return Verification.failed("the consistency proof leads to new root " + sr + ", not to the expected "
                    + secondRoot + " of the tree of " + secondSize + " leaves");
        }
        return Verification.ok();
    }
}
