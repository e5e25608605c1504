package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Questions about sizes the tree never had are refused with a message that names them. */
class MerkleTreeBoundsTest {

    private final MerkleTree tree = ProofFixtures.treeOf(ProofFixtures.leaves(5));

    private static void refused(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aRootOfAFutureSizeIsRefused() {
        refused(() -> tree.root(6), "treeSize is 6 but the tree has only 5 leaves");
        refused(() -> tree.root(-1), "must not be negative");
    }

    @Test
    void proofsBeyondTheTreeAreRefused() {
        refused(() -> tree.inclusionProof(5, 5), "0 <= leafIndex < treeSize");
        refused(() -> tree.inclusionProof(2, 6), "treeSize is 6 but the tree has only 5 leaves");
        refused(() -> tree.consistencyProof(4, 3), "0 <= oldSize <= newSize");
        refused(() -> tree.consistencyProof(2, 6), "newSize is 6 but the tree has only 5 leaves");
        refused(() -> tree.leafHash(5), "leafIndex must be 0 to 4");
    }

    @Test
    void aProofFromTheEmptyTreeOrToTheSameSizeIsEmpty() {
        assertEquals(List.of(), tree.consistencyProof(0, 5).path());
        assertEquals(List.of(), tree.consistencyProof(3, 3).path());
    }

    @Test
    void aStoreWithAMissingNodeSaysWhichOne() {
        InMemoryTreeNodes nodes = new InMemoryTreeNodes();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> nodes.node(2, 7));
        assertTrue(e.getMessage().contains("(level 2, index 7)"), e.getMessage());
    }

    @Test
    void aStoreRefusesNodesOutOfOrder() {
        InMemoryTreeNodes nodes = new InMemoryTreeNodes();
        Hash h = MerkleHashes.leafHash(new byte[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> nodes.write(List.of(new TreeNode(0, 1, h))));
        assertTrue(e.getMessage().contains("next one is index 0"), e.getMessage());
        assertEquals(0, nodes.size());
    }
}
