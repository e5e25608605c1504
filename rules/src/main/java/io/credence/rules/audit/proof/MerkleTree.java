package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only RFC 9162 Merkle tree over a {@link TreeNodes} store: appends leaves and answers
 * for any size it ever had the root, inclusion proofs (§2.1.3.1) and consistency proofs
 * (§2.1.4.1). Every answer reads O(log n) stored nodes: the hash of a range that is not a perfect
 * subtree is composed from the at most log2 n perfect subtrees it splits into.
 *
 * <pre>{@code
 * MerkleTree tree = new MerkleTree(JdbcTreeNodes.over(connection));   // inside the audit transaction
 * long index = tree.append(recordHashBytes);
 * Hash root = tree.root(tree.size());
 * InclusionProof proof = tree.inclusionProof(index, tree.size());
 * }</pre>
 *
 * <p>Holds no state of its own; as thread-safe as its store. Two writers appending to one store
 * at once are refused by the store (a node is written once), never silently merged.
 */
public final class MerkleTree {

    private final TreeNodes nodes;

    public MerkleTree(TreeNodes nodes) {
        if (nodes == null) {
            throw new IllegalArgumentException("a Merkle tree needs a node store");
        }
        this.nodes = nodes;
    }

    /** The number of leaves. */
    public long size() {
        return nodes.size();
    }

    /**
     * Appends one leaf: {@code SHA-256(0x00 || data)} at level 0 and every parent it completes
     * (at most log2 n nodes written, in one {@link TreeNodes#write}).
     *
     * @return the leaf's index, from 0
     */
    public long append(byte[] leafData) {
        return appendLeafHashes(List.of(MerkleHashes.leafHash(leafData)));
    }

    /**
     * Appends several leaves in one write (a group commit): their leaf hashes and the parents
     * they complete.
     *
     * @return the index of the first leaf appended (the old size)
     */
    public long appendAll(List<byte[]> leafData) {
        List<Hash> hashes = new ArrayList<>(leafData.size());
        for (byte[] data : leafData) {
            hashes.add(MerkleHashes.leafHash(data));
        }
        return appendLeafHashes(hashes);
    }

    /** As {@link #appendAll}, for leaves already hashed with {@link MerkleHashes#leafHash}. */
    public long appendLeafHashes(List<Hash> leafHashes) {
        long first = nodes.size();
        if (leafHashes.isEmpty()) {
            return first;
        }
        List<TreeNode> writes = new ArrayList<>();
        Map<Address, Hash> fresh = new HashMap<>();
        long leaf = first;
        for (Hash hash : leafHashes) {
            int level = 0;
            long index = leaf;
            Hash current = hash;
            writes.add(new TreeNode(level, index, current));
            fresh.put(new Address(level, index), current);
            while ((index & 1) == 1) {
                Hash left = fresh.get(new Address(level, index - 1));
                current = MerkleHashes.nodeHash(left != null ? left : nodes.node(level, index - 1), current);
                level++;
                index >>>= 1;
                writes.add(new TreeNode(level, index, current));
                fresh.put(new Address(level, index), current);
            }
            leaf++;
        }
        nodes.write(writes);
        return first;
    }

    private record Address(int level, long index) {
    }

    /** The root of the tree as it is now. */
    public Hash root() {
        return rangeHash(0, nodes.size());
    }

    /**
     * The root the tree had when it held {@code treeSize} leaves ({@link MerkleHashes#EMPTY_ROOT} for 0).
     *
     * @throws IllegalArgumentException when the tree never had that size
     */
    public Hash root(long treeSize) {
        checkSize("treeSize", treeSize);
        return rangeHash(0, treeSize);
    }

    /** The leaf hash at an index. */
    public Hash leafHash(long leafIndex) {
        long size = nodes.size();
        if (leafIndex < 0 || leafIndex >= size) {
            throw new IllegalArgumentException("leafIndex must be 0 to " + (size - 1) + " in a tree of " + size
                    + " leaves, was " + leafIndex);
        }
        return nodes.node(0, leafIndex);
    }

    /**
     * The audit path of one leaf in the tree of {@code treeSize} leaves (RFC 9162 §2.1.3.1).
     *
     * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize <= size()}
     */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("an inclusion proof needs 0 <= leafIndex < treeSize, got leafIndex "
                    + leafIndex + " and treeSize " + treeSize);
        }
        checkSize("treeSize", treeSize);
        List<Hash> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, path);
        return new InclusionProof(leafIndex, treeSize, path);
    }

    /** PATH(m, D[start:end]): the path of leaf m below the subtree, appended leaf end first. */
    private void path(long m, long start, long end, List<Hash> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = MerkleHashes.split(n);
        if (m < start + k) {
            path(m, start, start + k, out);
            out.add(rangeHash(start + k, end));
        } else {
            path(m, start + k, end, out);
            out.add(rangeHash(start, start + k));
        }
    }

    /**
     * The proof that the tree of {@code newSize} leaves extends the tree of {@code oldSize} leaves
     * (RFC 9162 §2.1.4.1); empty when {@code oldSize} is 0 or equals {@code newSize}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize <= size()}
     */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("a consistency proof needs 0 <= oldSize <= newSize, got oldSize "
                    + oldSize + " and newSize " + newSize);
        }
        checkSize("newSize", newSize);
        List<Hash> path = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, path);
        }
        return new ConsistencyProof(oldSize, newSize, path);
    }

    /** SUBPROOF(m, D[start:end], b) with m counted from start, appended in the RFC's order. */
    private void subproof(long m, long start, long end, boolean whole, List<Hash> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(rangeHash(start, end));
            }
            return;
        }
        long k = MerkleHashes.split(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, out);
            out.add(rangeHash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(rangeHash(start, start + k));
        }
    }

    /**
     * MTH(D[start:end]) for a range the RFC recursion produces, whose start is a multiple of a
     * power of two at least its length: one stored node per bit of its length.
     */
    private Hash rangeHash(long start, long end) {
        long n = end - start;
        if (n == 0) {
            return MerkleHashes.EMPTY_ROOT;
        }
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.node(level, start >>> level);
        }
        long k = Long.highestOneBit(n);
        return MerkleHashes.nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
    }

    private void checkSize(String what, long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + treeSize);
        }
        long size = nodes.size();
        if (treeSize > size) {
            throw new IllegalArgumentException(what + " is " + treeSize + " but the tree has only " + size + " leaves");
        }
    }
}
