package io.credence.rules.audit.proof;

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
}
