package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * At a million leaves, a root, an inclusion proof and a consistency proof each read O(log n)
 * stored nodes (counted, not timed): at most 2 * ceil(log2 n) = 40, never all leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProofCostTest {

    private static final long N = 1_000_000;
    private static final long LOG2_N = 64 - Long.numberOfLeadingZeros(N - 1);   // ceil(log2 n) = 20
    private static final long MAX_READS = 2 * LOG2_N;

    private final CountingTreeNodes nodes = new CountingTreeNodes(new InMemoryTreeNodes());
    private final MerkleTree tree = new MerkleTree(nodes);
    private final Random random = new Random(20260504);

    @BeforeAll
    void appendAMillionLeaves() {
        List<byte[]> batch = new ArrayList<>();
        for (long i = 0; i < N; i++) {
            batch.add(ByteBuffer.allocate(8).putLong(i).array());
            if (batch.size() == 1000) {
                tree.appendAll(batch);
                batch.clear();
            }
        }
        tree.appendAll(batch);
        assertEquals(N, tree.size());
        assertTrue(nodes.writes() < 2 * N, "a tree of n leaves stores fewer than 2n nodes, wrote " + nodes.writes());
    }

    private <T> T counted(Supplier<T> call, long maxReads, String what) {
        nodes.reset();
        T result = call.get();
        assertTrue(nodes.reads() <= maxReads, what + " read " + nodes.reads() + " nodes, expected at most " + maxReads);
        return result;
    }

    private List<Long> sizes() {
        List<Long> sizes = new ArrayList<>(List.of(N, N - 1, 524_288L, 524_289L, 777_777L, 2L, 1L));
        for (int i = 0; i < 20; i++) {
            sizes.add(1 + (long) random.nextInt((int) N));
        }
        return sizes;
    }

    @Test
    void aRootReadsOneNodePerBitOfTheSize() {
        for (long size : sizes()) {
            counted(() -> tree.root(size), Long.bitCount(size), "the root of size " + size);
        }
    }

    @Test
    void anInclusionProofReadsAtMostTwiceLog2NNodes() {
        for (long size : sizes()) {
            Hash root = tree.root(size);
            for (long m : new long[] {0, size - 1, size / 2, random.nextInt((int) size)}) {
                InclusionProof proof = counted(() -> tree.inclusionProof(m, size), MAX_READS,
                        "the proof of leaf " + m + " in tree " + size);
                Verification check = proof.verify(MerkleHashes.leafHash(ByteBuffer.allocate(8).putLong(m).array()),
                        root);
                assertTrue(check.valid(), check.problem());
            }
        }
    }

    @Test
    void aConsistencyProofReadsAtMostTwiceLog2NNodes() {
        for (long newSize : sizes()) {
            Hash newRoot = tree.root(newSize);
            for (long oldSize : new long[] {1, newSize - 1, newSize / 2, 1 + random.nextInt((int) newSize)}) {
                if (oldSize < 1) {
                    continue;
                }
                ConsistencyProof proof = counted(() -> tree.consistencyProof(oldSize, newSize), MAX_READS,
                        "the proof from " + oldSize + " to " + newSize);
                Verification check = proof.verify(tree.root(oldSize), newRoot);
                assertTrue(check.valid(), check.problem());
            }
        }
    }

    @Test
    void anAppendWritesTheLeafAndTheParentsItCompletes() {
        MerkleTree copy = new MerkleTree(nodes);
        nodes.reset();
        copy.append(new byte[] {1});   // leaf 1,000,000 = 0b11110100001001000000: its own node only
        assertEquals(1, nodes.writes());
        assertEquals(0, nodes.reads());
        nodes.reset();
        copy.append(new byte[] {2});   // leaf 1,000,001 is odd: it completes one parent
        assertEquals(2, nodes.writes());
        assertTrue(nodes.reads() <= LOG2_N, "an append read " + nodes.reads());
    }

    @Test
    void anAppendWithTheEdgeOfThePreviousOneReadsNothingAndBuildsTheSameTree() {
        CountingTreeNodes counted = new CountingTreeNodes(new InMemoryTreeNodes());
        MerkleTree kept = new MerkleTree(counted);
        MerkleTree reference = new MerkleTree(new InMemoryTreeNodes());
        MerkleTree.Edge edge = null;
        MerkleTree.Edge earlier = null;
        long size = 0;
        for (int batch = 1; batch <= 60; batch++) {
            List<Hash> leaves = leaves(size, 1 + batch % 13);
            counted.reset();
            edge = kept.appendAt(size, leaves, edge);
            if (batch > 1) {
                assertEquals(0, counted.reads(), "append " + batch + " with the previous edge read nodes");
            }
            reference.appendLeafHashes(leaves);
            size += leaves.size();
            assertEquals(size, edge.size());
            assertEquals(Long.bitCount(size), edge.roots().size());
            assertEquals(reference.root(size), kept.root(size), "root after " + size + " leaves");
            if (batch == 30) {
                earlier = edge;
            }
        }
        // An edge of another size is not used: the append reads the edge and confirms the size again.
        counted.reset();
        List<Hash> more = leaves(size, 5);
        MerkleTree.Edge after = kept.appendAt(size, more, earlier);
        assertTrue(counted.reads() > Long.bitCount(size), "read " + counted.reads());
        reference.appendLeafHashes(more);
        assertEquals(reference.root(size + 5), kept.root(size + 5));
        assertEquals(size + 5, after.size());
        // ... and a wrong size is still refused on that path, with nothing written.
        long at = size;
        counted.reset();
        assertThrows(TreeSizeMismatchException.class, () -> kept.appendAt(at, leaves(at, 1), null));
        assertEquals(0, counted.writes());
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree.Edge(3, Map.of()), "3 leaves have 2 edge nodes");
    }

    private static List<Hash> leaves(long from, int n) {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleHashes.leafHash(ByteBuffer.allocate(8).putLong(from + i).array()));
        }
        return leaves;
    }
}
