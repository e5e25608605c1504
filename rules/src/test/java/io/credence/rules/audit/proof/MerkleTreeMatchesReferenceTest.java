package io.credence.rules.audit.proof;

import static io.credence.rules.audit.proof.ProofFixtures.hashes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored-node tree against {@link ReferenceMerkle} (the RFC's recursive definitions over all
 * leaves) for every tree size 1..70, every leaf and every pair of sizes.
 */
class MerkleTreeMatchesReferenceTest {

    private static final int MAX = 70;
    private final List<byte[]> leaves = ProofFixtures.leaves(MAX);
    private final MerkleTree tree = ProofFixtures.treeOf(leaves);

    @Test
    void everyHistoricRootIsTheRfcRoot() {
        for (int n = 0; n <= MAX; n++) {
            assertEquals(new Hash(ReferenceMerkle.mth(leaves.subList(0, n))), tree.root(n), "root of size " + n);
        }
    }

    @Test
    void everyInclusionProofIsTheRfcPathAndVerifies() {
        for (int n = 1; n <= MAX; n++) {
            Hash root = tree.root(n);
            for (int m = 0; m < n; m++) {
                InclusionProof proof = tree.inclusionProof(m, n);
                assertEquals(hashes(ReferenceMerkle.path(m, leaves.subList(0, n))), proof.path(),
                        "path of leaf " + m + " in tree " + n);
                Verification check = proof.verify(MerkleHashes.leafHash(leaves.get(m)), root);
                assertTrue(check.valid(), "leaf " + m + " in tree " + n + ": " + check.problem());
            }
        }
    }

    @Test
    void everyConsistencyProofIsTheRfcProofAndVerifies() {
        for (int n = 1; n <= MAX; n++) {
            Hash newRoot = tree.root(n);
            for (int m = 0; m <= n; m++) {
                ConsistencyProof proof = tree.consistencyProof(m, n);
                List<Hash> expected = m == 0 ? List.of() : hashes(ReferenceMerkle.proof(m, leaves.subList(0, n)));
                assertEquals(expected, proof.path(), "proof from " + m + " to " + n);
                Verification check = proof.verify(tree.root(m), newRoot);
                assertTrue(check.valid(), "from " + m + " to " + n + ": " + check.problem());
            }
        }
    }

    @Test
    void appendingInGroupsBuildsTheSameTreeAsAppendingOneByOne() {
        MerkleTree grouped = new MerkleTree(new InMemoryTreeNodes());
        int[] groups = {1, 2, 3, 1, 8, 5, 16, 1, 7, 26};
        int next = 0;
        for (int g : groups) {
            long first = grouped.appendAll(new ArrayList<>(leaves.subList(next, next + g)));
            assertEquals(next, first, "first index of the group");
            next += g;
        }
        assertEquals(MAX, next);
        assertEquals(MAX, grouped.size());
        for (int n = 0; n <= MAX; n++) {
            assertEquals(tree.root(n), grouped.root(n), "root of size " + n);
        }
    }

    @Test
    void appendReturnsTheLeafIndex() {
        MerkleTree fresh = new MerkleTree(new InMemoryTreeNodes());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, fresh.append(leaves.get(i)));
        }
        assertEquals(10, fresh.appendAll(List.of()));
    }
}
