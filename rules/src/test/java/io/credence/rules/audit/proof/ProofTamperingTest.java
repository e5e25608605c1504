package io.credence.rules.audit.proof;

import static io.credence.rules.audit.proof.ProofFixtures.flipped;
import static io.credence.rules.audit.proof.ProofFixtures.flippedAt;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proof that was changed in any way, or is checked against the wrong claim, fails verification. */
class ProofTamperingTest {

    private static final int MAX = 24;
    private final List<byte[]> leaves = ProofFixtures.leaves(MAX + 4);
    private final MerkleTree tree = ProofFixtures.treeOf(leaves);

    private Hash leaf(int m) {
        return MerkleHashes.leafHash(leaves.get(m));
    }

    private static void fails(Verification v, String what) {
        assertFalse(v.valid(), what + " verified");
        assertTrue(v.problem() != null && !v.problem().isBlank(), what + ": no reason given");
    }

    @Test
    void anInclusionProofWithAFlippedBitFails() {
        for (int n = 2; n <= MAX; n++) {
            for (int m = 0; m < n; m++) {
                List<Hash> path = tree.inclusionProof(m, n).path();
                for (int i = 0; i < path.size(); i++) {
                    fails(ProofVerifier.verifyInclusion(leaf(m), m, n, flippedAt(path, i), tree.root(n)),
                            "leaf " + m + " of " + n + " with hash " + i + " flipped");
                }
            }
        }
    }

    @Test
    void anInclusionProofForAnotherIndexLeafSizeOrRootFails() {
        for (int n = 1; n <= MAX; n++) {
            Hash root = tree.root(n);
            for (int m = 0; m < n; m++) {
                List<Hash> path = tree.inclusionProof(m, n).path();
                for (int other = 0; other < n + 2; other++) {
                    if (other != m) {
                        fails(ProofVerifier.verifyInclusion(leaf(m), other, n, path, root),
                                "leaf " + m + " of " + n + " claimed at index " + other);
                        if (other < leaves.size()) {
                            fails(ProofVerifier.verifyInclusion(leaf(other), m, n, path, root),
                                    "leaf " + other + " with the path of leaf " + m + " of " + n);
                        }
                    }
                }
                for (int size = m + 1; size <= n + 4; size++) {
                    if (size != n) {
                        fails(ProofVerifier.verifyInclusion(leaf(m), m, size, path, tree.root(size)),
                                "leaf " + m + " with the path for size " + n + " claimed for size " + size);
                    }
                }
                fails(ProofVerifier.verifyInclusion(leaf(m), m, n, path, flipped(root, 77)),
                        "leaf " + m + " of " + n + " against a wrong root");
                List<Hash> longer = new ArrayList<>(path);
                longer.add(root);
                fails(ProofVerifier.verifyInclusion(leaf(m), m, n, longer, root), "a path with an extra hash");
                if (!path.isEmpty()) {
                    fails(ProofVerifier.verifyInclusion(leaf(m), m, n, path.subList(0, path.size() - 1), root),
                            "a path without its last hash");
                }
            }
        }
    }

    @Test
    void anInclusionProofOutsideTheTreeFails() {
        fails(ProofVerifier.verifyInclusion(leaf(0), 0, 0, List.of(), MerkleHashes.EMPTY_ROOT), "the empty tree");
        fails(ProofVerifier.verifyInclusion(leaf(0), -1, 4, List.of(), tree.root(4)), "a negative index");
        fails(ProofVerifier.verifyInclusion(leaf(4), 4, 4, List.of(), tree.root(4)), "an index at the size");
    }

    @Test
    void aConsistencyProofWithAFlippedBitFails() {
        for (int n = 2; n <= MAX; n++) {
            for (int m = 1; m < n; m++) {
                List<Hash> path = tree.consistencyProof(m, n).path();
                for (int i = 0; i < path.size(); i++) {
                    fails(ProofVerifier.verifyConsistency(m, n, tree.root(m), tree.root(n), flippedAt(path, i)),
                            "from " + m + " to " + n + " with hash " + i + " flipped");
                }
            }
        }
    }

    @Test
    void aConsistencyProofForOtherSizesOrRootsFails() {
        for (int n = 2; n <= MAX; n++) {
            for (int m = 1; m < n; m++) {
                List<Hash> path = tree.consistencyProof(m, n).path();
                Hash oldRoot = tree.root(m);
                Hash newRoot = tree.root(n);
                for (int other = 1; other <= n + 3; other++) {
                    if (other != m) {
                        fails(ProofVerifier.verifyConsistency(other, n, tree.root(other > n ? n : other), newRoot,
                                path), "the proof from " + m + " to " + n + " claimed from " + other);
                    }
                    if (other != n && other >= m) {
                        fails(ProofVerifier.verifyConsistency(m, other, oldRoot, tree.root(other), path),
                                "the proof from " + m + " to " + n + " claimed to " + other);
                    }
                }
                fails(ProofVerifier.verifyConsistency(m, n, flipped(oldRoot, 3), newRoot, path), "a wrong old root");
                fails(ProofVerifier.verifyConsistency(m, n, oldRoot, flipped(newRoot, 3), path), "a wrong new root");
                fails(ProofVerifier.verifyConsistency(m, n, newRoot, oldRoot, path), "swapped roots");
                List<Hash> longer = new ArrayList<>(path);
                longer.add(newRoot);
                fails(ProofVerifier.verifyConsistency(m, n, oldRoot, newRoot, longer), "a proof with an extra hash");
                fails(ProofVerifier.verifyConsistency(m, n, oldRoot, newRoot, path.subList(0, path.size() - 1)),
                        "a proof without its last hash");
            }
        }
    }

    @Test
    void theEdgeCasesOfConsistencyAreStrict() {
        Hash root5 = tree.root(5);
        assertTrue(ProofVerifier.verifyConsistency(5, 5, root5, root5, List.of()).valid());
        fails(ProofVerifier.verifyConsistency(5, 5, root5, tree.root(6), List.of()), "one size with two roots");
        fails(ProofVerifier.verifyConsistency(5, 5, root5, root5, List.of(root5)), "a non-empty proof for one size");
        assertTrue(ProofVerifier.verifyConsistency(0, 5, MerkleHashes.EMPTY_ROOT, root5, List.of()).valid());
        fails(ProofVerifier.verifyConsistency(0, 5, MerkleHashes.EMPTY_ROOT, root5, List.of(root5)),
                "a non-empty proof from the empty tree");
        fails(ProofVerifier.verifyConsistency(6, 5, tree.root(6), root5, List.of()), "a tree that shrank");
        fails(ProofVerifier.verifyConsistency(3, 5, tree.root(3), root5, List.of()), "an empty proof between sizes");
    }
}
