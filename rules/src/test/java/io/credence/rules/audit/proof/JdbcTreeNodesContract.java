package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcTreeNodes} must do on every database: store the very tree the in-memory store
 * holds, join the caller's transaction, refuse a node written twice. Each subclass gives an empty
 * {@code audit_tree}.
 */
abstract class JdbcTreeNodesContract {

    private static final int LEAVES = 100;
    private static final int[] GROUPS = {1, 1, 2, 3, 5, 8, 13, 21, 34, 12};

    /** A data source whose database has an empty {@code audit_tree}. */
    abstract DataSource dataSource();

    private final List<byte[]> leaves = ProofFixtures.leaves(LEAVES);

    @Test
    void storesTheTreeTheMemoryStoreHolds() throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            sameTreeAsMemory(new MerkleTree(JdbcTreeNodes.over(c)));
        }
    }

    @Test
    void aPooledStoreStoresTheSameTree() {
        MerkleTree memory = ProofFixtures.treeOf(leaves.subList(0, 20));
        MerkleTree jdbc = new MerkleTree(JdbcTreeNodes.pooled(dataSource()));
        jdbc.appendAll(leaves.subList(0, 7));
        jdbc.appendAll(leaves.subList(7, 20));
        assertEquals(memory.root(), jdbc.root());
        assertEquals(memory.root(13), jdbc.root(13));
        assertEquals(memory.inclusionProof(11, 20), jdbc.inclusionProof(11, 20));
        assertEquals(memory.consistencyProof(13, 20), jdbc.consistencyProof(13, 20));
    }

    private void sameTreeAsMemory(MerkleTree jdbc) {
        MerkleTree memory = ProofFixtures.treeOf(leaves);
        int next = 0;
        for (int g : GROUPS) {
            assertEquals(next, jdbc.appendAll(leaves.subList(next, next + g)));
            next += g;
        }
        assertEquals(LEAVES, jdbc.size());
        for (int n = 0; n <= LEAVES; n++) {
            assertEquals(memory.root(n), jdbc.root(n), "root of size " + n);
        }
        for (int n : new int[] {1, 2, 7, 8, 9, 63, 64, 65, 99, 100}) {
            for (int m = 0; m < n; m += Math.max(1, n / 7)) {
                assertEquals(memory.inclusionProof(m, n), jdbc.inclusionProof(m, n), "leaf " + m + " of " + n);
            }
            for (int m = 0; m <= n; m += Math.max(1, n / 7)) {
                assertEquals(memory.consistencyProof(m, n), jdbc.consistencyProof(m, n), "from " + m + " to " + n);
            }
        }
    }

    @Test
    void writesJoinTheCallersTransaction() throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            MerkleTree tree = new MerkleTree(JdbcTreeNodes.over(c));
            tree.appendAll(leaves.subList(0, 5));
            assertEquals(5, tree.size(), "the transaction sees its own nodes");
            c.rollback();
            assertEquals(0, tree.size(), "a rolled back append leaves no node");

            tree.appendAll(leaves.subList(0, 3));
            assertEquals(0, new MerkleTree(JdbcTreeNodes.pooled(dataSource())).size(), "not visible before commit");
            c.commit();
        }
        MerkleTree other = new MerkleTree(JdbcTreeNodes.pooled(dataSource()));
        assertEquals(3, other.size());
        assertEquals(ProofFixtures.treeOf(leaves.subList(0, 3)).root(), other.root());
    }

    @Test
    void aNodeWrittenTwiceIsRefused() {
        JdbcTreeNodes nodes = JdbcTreeNodes.pooled(dataSource());
        Hash h = MerkleHashes.leafHash(new byte[] {7});
        nodes.write(List.of(new TreeNode(0, 0, h)));
        TreeStoreException e = assertThrows(TreeStoreException.class,
                () -> nodes.write(List.of(new TreeNode(0, 1, h), new TreeNode(0, 0, h))));
        assertTrue(e.getMessage().contains("audit_tree"), e.getMessage());
        assertEquals(1, nodes.size(), "the refused write stored nothing");
    }

    @Test
    void aWriteOverlappingStoredLeavesIsRefusedAndAnAppendOfManyLeavesTakesSeveralRows() throws SQLException {
        JdbcTreeNodes nodes = JdbcTreeNodes.pooled(dataSource());
        MerkleTree tree = new MerkleTree(nodes);
        tree.appendAll(leaves.subList(0, 70));   // rows of 32, 32 and 6 leaves
        InMemoryTreeNodes replay = new InMemoryTreeNodes();
        new MerkleTree(replay).appendAll(leaves.subList(0, 68));
        List<TreeNode> again = new ArrayList<>();
        again.add(new TreeNode(0, 68, MerkleHashes.leafHash(leaves.get(68))));   // leaf 68 is stored already
        TreeStoreException e = assertThrows(TreeStoreException.class, () -> nodes.write(again));
        assertTrue(e.getMessage().contains("the tree holds 70 leaves, so leaf 68 is stored already"), e.getMessage());
        TreeStoreException gap = assertThrows(TreeStoreException.class,
                () -> nodes.write(List.of(new TreeNode(0, 72, MerkleHashes.leafHash(leaves.get(72))))));
        assertTrue(gap.getMessage().contains("leaf 72 cannot be appended: the tree holds 70 leaves"), gap.getMessage());
        TreeStoreException parents = assertThrows(TreeStoreException.class,
                () -> nodes.write(List.of(new TreeNode(0, 70, MerkleHashes.leafHash(leaves.get(70))),
                        new TreeNode(0, 71, MerkleHashes.leafHash(leaves.get(71))))));
        assertTrue(parents.getMessage().contains("expected node (level 1, index 35), which leaf 71 completes"),
                parents.getMessage());
        assertEquals(70, tree.size());
        assertEquals(ProofFixtures.treeOf(leaves.subList(0, 70)).root(), tree.root());
        try (Connection c = dataSource().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT first_leaf, leaf_count FROM audit_tree ORDER BY first_leaf")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "+" + rs.getInt(2));
            }
            assertEquals(List.of("0+32", "32+32", "64+6"), rows);
        }
    }

    @Test
    void aMissingNodeIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JdbcTreeNodes.pooled(dataSource()).node(3, 9));
        assertTrue(e.getMessage().contains("(level 3, index 9)"), e.getMessage());
    }

    @Test
    void appendAtTheKnownSizeStoresTheSameTreeAndNeedsNoSizeQuery() {
        MerkleTree memory = ProofFixtures.treeOf(leaves);
        SizeCounting nodes = new SizeCounting(JdbcTreeNodes.pooled(dataSource()));
        MerkleTree jdbc = new MerkleTree(nodes);
        int next = 0;
        for (int g : GROUPS) {
            jdbc.appendAllAt(next, leaves.subList(next, next + g));
            next += g;
        }
        assertEquals(0, nodes.sizeQueries, "appendAt takes the size from the caller");
        assertEquals(GROUPS.length, nodes.finds, "one read per append (the left siblings and the size check)");
        assertEquals(LEAVES, jdbc.size());
        for (long n = 1; n <= LEAVES; n++) {
            assertEquals(memory.root(n), jdbc.root(n), "root of size " + n);
        }
    }

    @Test
    void appendAtAnotherSizeIsRefusedAndWritesNothing() {
        MerkleTree tree = new MerkleTree(JdbcTreeNodes.pooled(dataSource()));
        tree.appendAll(leaves.subList(0, 5));
        TreeSizeMismatchException behind = assertThrows(TreeSizeMismatchException.class,
                () -> tree.appendAllAt(4, leaves.subList(4, 6)));
        assertEquals(5, behind.actual());
        assertEquals(4, behind.expected());
        TreeSizeMismatchException ahead = assertThrows(TreeSizeMismatchException.class,
                () -> tree.appendAllAt(6, leaves.subList(6, 7)));
        assertTrue(ahead.getMessage().contains("holds 5 leaves, not 6"), ahead.getMessage());
        assertEquals(5, tree.size());
        assertEquals(ProofFixtures.treeOf(leaves.subList(0, 5)).root(), tree.root());
    }

    @Test
    void aProofIsOneReadOfTheStore() {
        SizeCounting nodes = new SizeCounting(JdbcTreeNodes.pooled(dataSource()));
        MerkleTree jdbc = new MerkleTree(nodes);
        jdbc.appendAll(leaves);
        MerkleTree memory = ProofFixtures.treeOf(leaves);
        nodes.reset();
        assertEquals(memory.inclusionProof(37, 99), jdbc.inclusionProof(37, 99));
        assertEquals(memory.consistencyProof(13, 100), jdbc.consistencyProof(13, 100));
        assertEquals(memory.root(77), jdbc.root(77));
        assertEquals(0, nodes.sizeQueries);
        assertEquals(3, nodes.finds);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> jdbc.inclusionProof(3, 101));
        assertTrue(e.getMessage().contains("treeSize is 101 but the tree has only 100 leaves"), e.getMessage());
    }

    @Test
    void findReadsManyNodesInOrderWithNullForTheMissing() {
        JdbcTreeNodes nodes = JdbcTreeNodes.pooled(dataSource());
        new MerkleTree(nodes).appendAll(leaves);
        InMemoryTreeNodes memory = new InMemoryTreeNodes();
        new MerkleTree(memory).appendAll(leaves);
        List<TreeNodes.Address> addresses = new ArrayList<>();
        for (int i = LEAVES + 49; i >= 0; i--) {   // 150 addresses: more than one statement's worth, 50 missing
            addresses.add(new TreeNodes.Address(0, i));
        }
        addresses.add(new TreeNodes.Address(3, 2));
        addresses.add(new TreeNodes.Address(0, 7));   // twice
        List<Hash> found = nodes.find(addresses);
        assertEquals(memory.find(addresses), found);
        assertEquals(addresses.size(), found.size());
        assertEquals(null, found.get(0));
        assertEquals(memory.node(3, 2), found.get(addresses.size() - 2));
        assertEquals(memory.node(0, 7), found.get(addresses.size() - 1));
    }

    /** Counts size queries and finds passing through to the JDBC store. */
    private static final class SizeCounting implements TreeNodes {
        private final TreeNodes inner;
        int sizeQueries;
        int finds;

        SizeCounting(TreeNodes inner) {
            this.inner = inner;
        }

        void reset() {
            sizeQueries = 0;
            finds = 0;
        }

        @Override
        public long size() {
            sizeQueries++;
            return inner.size();
        }

        @Override
        public Hash node(int level, long index) {
            throw new AssertionError("node (" + level + ", " + index + ") read alone instead of through find");
        }

        @Override
        public List<Hash> find(List<Address> addresses) {
            finds++;
            return inner.find(addresses);
        }

        @Override
        public void write(List<TreeNode> nodes) {
            inner.write(nodes);
        }
    }
}
