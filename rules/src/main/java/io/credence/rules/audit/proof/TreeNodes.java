package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link MerkleTree} keeps its nodes (the SPI): only the hashes of perfect subtrees, each
 * written once and never changed. A tree of {@code n} leaves holds {@code n} leaf hashes at level
 * 0 and fewer than {@code n} inner nodes above them; the root of any size, and every proof, is
 * composed from at most {@code log2 n} of them, so no operation reads all leaves.
 *
 * <p>Implementations: {@link InMemoryTreeNodes} (tests, tools) and {@link JdbcTreeNodes} (the
 * {@code audit_tree} table, inside the audit log's own transaction).
 */
public interface TreeNodes {

    /** How many leaves are stored: the number of nodes at level 0. */
    long size();

    /**
     * The hash of node (level, index).
     *
     * @throws IllegalStateException naming the node when it is not stored (the store is incomplete)
     */
    Hash node(int level, long index);

    /**
     * Stores new nodes: the leaves appended, in order, each followed by the parents it completed
     * ({@link MerkleTree} computes them). Either all are stored or none.
     *
     * @throws IllegalStateException when a node is already stored, or out of order
     */
    void write(List<TreeNode> nodes);

    /**
     * The hashes of several nodes, in the order asked, null for a node that is not stored: what a
     * proof or an append needs, read at once ({@link JdbcTreeNodes}: one query instead of one per
     * node). The default reads them one by one with {@link #node}.
     */
    default List<Hash> find(List<Address> addresses) {
        List<Hash> hashes = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            Hash h;
            try {
                h = node(a.level(), a.index());
            } catch (IllegalStateException notStored) {
                h = null;
            }
            hashes.add(h);
        }
        return hashes;
    }

    /** Where a node sits: node (level, index) covers the leaves {@code [index * 2^level, (index + 1) * 2^level)}. */
    record Address(int level, long index) {
        public Address {
            TreeNode.checkAddress(level, index);
        }
    }
}
