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
        long size = nodes.size();
        if (leafHashes.isEmpty()) {
            return size;
        }
        append(size, leafHashes, false, null);
        return size;
    }

    /**
     * The right edge of a tree of {@code size} leaves: the root of each perfect subtree it is made
     * of, node {@code (l, (size >> l) - 1)} for every bit {@code l} set in {@code size}. All an
     * append needs to read; an appender that keeps the edge its last append returned reads nothing
     * (see {@link #appendAt(long, List, Edge)}).
     *
     * @param size  the number of leaves
     * @param roots the hash of node {@code (l, (size >> l) - 1)} by level {@code l}
     */
    public record Edge(long size, Map<Integer, Hash> roots) {
        public Edge {
            roots = Map.copyOf(roots);
            if (Long.bitCount(size) != roots.size()) {
                throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                        + " edge nodes, given " + roots.size());
            }
        }
    }

    /**
     * Appends leaves (already hashed) to a tree that the caller knows holds exactly {@code size}
     * leaves: the audit log knows it from the chain head it has locked. Instead of a query for the
     * size, the one {@link TreeNodes#find} that reads the tree's right edge also reads leaves
     * {@code size - 1} and {@code size}, which confirm the size; then the new nodes are written in
     * one {@link TreeNodes#write}.
     *
     * @throws TreeSizeMismatchException when the tree holds another number of leaves (nothing is written)
     */
    public void appendAt(long size, List<Hash> leafHashes) {
        appendAt(size, leafHashes, null);
    }

    /**
     * As {@link #appendAt(long, List)}; when {@code known} is the edge of a tree of {@code size}
     * leaves (what the previous append returned, and the caller knows nobody appended since),
     * nothing is read: the nodes are written in one {@link TreeNodes#write}, and a node that exists
     * already is refused by the store. Otherwise the edge is read and the size confirmed.
     *
     * @return the edge of the tree after the append
     * @throws TreeSizeMismatchException when the size was confirmed and the tree holds another number of leaves
     */
    public Edge appendAt(long size, List<Hash> leafHashes, Edge known) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        return append(size, leafHashes, true, known != null && known.size() == size ? known : null);
    }

    /** As {@link #appendAt(long, List)}, for leaf data: leaf hashes {@code SHA-256(0x00 || data)}. */
    public void appendAllAt(long size, List<byte[]> leafData) {
        appendAllAt(size, leafData, null);
    }

    /** As {@link #appendAt(long, List, Edge)}, for leaf data: leaf hashes {@code SHA-256(0x00 || data)}. */
    public Edge appendAllAt(long size, List<byte[]> leafData, Edge known) {
        List<Hash> hashes = new ArrayList<>(leafData.size());
        for (byte[] data : leafData) {
            hashes.add(MerkleHashes.leafHash(data));
        }
        return appendAt(size, hashes, known);
    }

    private Edge append(long size, List<Hash> leafHashes, boolean confirmSize, Edge edgeKnown) {
        if (leafHashes.isEmpty() && !confirmSize) {
            return null;
        }
        long end = size + leafHashes.size();
        Map<Address, Hash> known = new HashMap<>();
        if (edgeKnown != null) {
            edgeKnown.roots().forEach((l, hash) -> known.put(new Address(l, (size >>> l) - 1), hash));
        } else {
            // The only stored nodes an append reads are on the old tree's right edge, node
            // (l, (size >> l) - 1) for each bit l of size: the left siblings the new parents need
            // (when the batch completes the right neighbour (l, size >> l)), and for an append at a
            // confirmed size all of them, so that the new edge is known after the append.
            List<TreeNodes.Address> reads = new ArrayList<>();
            for (int l = 0; l < 63 && (size >>> l) > 0; l++) {
                long right = size >>> l;
                if ((right & 1) == 1 && (confirmSize || (right + 1) << l <= end)) {
                    reads.add(new TreeNodes.Address(l, right - 1));
                }
            }
            int edge = reads.size();
            if (confirmSize) {
                if (size > 0) {
                    reads.add(new TreeNodes.Address(0, size - 1));
                }
                reads.add(new TreeNodes.Address(0, size));
            }
            if (!reads.isEmpty()) {
                List<Hash> found = nodes.find(reads);
                if (confirmSize) {
                    boolean lastThere = size == 0 || found.get(edge) != null;
                    boolean nextThere = found.get(found.size() - 1) != null;
                    if (!lastThere || nextThere) {
                        throw new TreeSizeMismatchException(size, nodes.size());
                    }
                }
                for (int i = 0; i < edge; i++) {
                    TreeNodes.Address a = reads.get(i);
                    if (found.get(i) == null) {
                        throw new IllegalStateException("no tree node (level " + a.level() + ", index " + a.index()
                                + ") is stored: the tree store is incomplete");
                    }
                    known.put(new Address(a.level(), a.index()), found.get(i));
                }
            }
        }
        List<TreeNode> writes = new ArrayList<>(2 * leafHashes.size() + 64);
        long leaf = size;
        for (Hash hash : leafHashes) {
            int level = 0;
            long index = leaf;
            Hash current = hash;
            writes.add(new TreeNode(level, index, current));
            known.put(new Address(level, index), current);
            while ((index & 1) == 1) {
                Hash left = known.get(new Address(level, index - 1));
                if (left == null) {
                    throw new IllegalStateException("no tree node (level " + level + ", index " + (index - 1)
                            + ") was read for the append: the tree store is incomplete");
                }
                current = MerkleHashes.nodeHash(left, current);
                level++;
                index >>>= 1;
                writes.add(new TreeNode(level, index, current));
                known.put(new Address(level, index), current);
            }
            leaf++;
        }
        nodes.write(writes);
        if (!confirmSize) {
            return null;
        }
        Map<Integer, Hash> edge = new HashMap<>();
        for (int l = 0; l < 63 && (end >>> l) > 0; l++) {
            if (((end >>> l) & 1) == 1) {
                edge.put(l, known.get(new Address(l, (end >>> l) - 1)));
            }
        }
        return new Edge(end, edge);
    }

    private record Address(int level, long index) {
    }

    /** The root of the tree as it is now. */
    public Hash root() {
        return rangeHashes(List.of(new long[] {0, nodes.size()}), null, 0).get(0);
    }

    /**
     * The root the tree had when it held {@code treeSize} leaves ({@link MerkleHashes#EMPTY_ROOT} for 0).
     *
     * @throws IllegalArgumentException when the tree never had that size
     */
    public Hash root(long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must not be negative, was " + treeSize);
        }
        return rangeHashes(List.of(new long[] {0, treeSize}), "treeSize", treeSize).get(0);
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
        List<long[]> ranges = new ArrayList<>();
        path(leafIndex, 0, treeSize, ranges);
        return new InclusionProof(leafIndex, treeSize, rangeHashes(ranges, "treeSize", treeSize));
    }

    /** PATH(m, D[start:end]): the ranges whose hashes make the path of leaf m below the subtree, leaf end first. */
    private static void path(long m, long start, long end, List<long[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = MerkleHashes.split(n);
        if (m < start + k) {
            path(m, start, start + k, out);
            out.add(new long[] {start + k, end});
        } else {
            path(m, start + k, end, out);
            out.add(new long[] {start, start + k});
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
        List<long[]> ranges = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, ranges);
        }
        return new ConsistencyProof(oldSize, newSize, rangeHashes(ranges, "newSize", newSize));
    }

    /** SUBPROOF(m, D[start:end], b) with m counted from start, appended in the RFC's order. */
    private static void subproof(long m, long start, long end, boolean whole, List<long[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(new long[] {start, end});
            }
            return;
        }
        long k = MerkleHashes.split(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, out);
            out.add(new long[] {start + k, end});
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(new long[] {start, start + k});
        }
    }

    /**
     * MTH(D[start:end]) of each range, for ranges the RFC recursion produces (each start a multiple
     * of a power of two at least the range's length): one stored node per bit of a range's length,
     * all of them read in one {@link TreeNodes#find}. With {@code sizeName} non-null the same read
     * shows that the tree has at least {@code treeSize} leaves, instead of a query for its size: a
     * range ending at {@code treeSize} does (its last node exists only once leaf {@code treeSize - 1}
     * does), otherwise leaf {@code treeSize - 1} is read with the rest.
     *
     * @throws IllegalArgumentException when the tree has fewer than {@code treeSize} leaves
     */
    private List<Hash> rangeHashes(List<long[]> ranges, String sizeName, long treeSize) {
        List<TreeNodes.Address> addresses = new ArrayList<>();
        boolean confirm = sizeName != null && treeSize > 0;
        for (long[] r : ranges) {
            addresses(r[0], r[1], addresses);
            if (r[1] == treeSize && r[1] > r[0]) {
                confirm = false;
            }
        }
        if (confirm) {
            addresses.add(new TreeNodes.Address(0, treeSize - 1));
        }
        Map<Address, Hash> read = new HashMap<>();
        if (!addresses.isEmpty()) {
            List<Hash> found = nodes.find(addresses);
            for (int i = 0; i < addresses.size(); i++) {
                TreeNodes.Address a = addresses.get(i);
                if (found.get(i) == null) {
                    if (sizeName != null) {
                        checkSize(sizeName, treeSize);   // a tree too small for the request: says so
                    }
                    throw new IllegalStateException("no tree node (level " + a.level() + ", index " + a.index()
                            + ") is stored: the tree store is incomplete");
                }
                read.put(new Address(a.level(), a.index()), found.get(i));
            }
        }
        List<Hash> hashes = new ArrayList<>(ranges.size());
        for (long[] r : ranges) {
            hashes.add(rangeHash(r[0], r[1], read));
        }
        return hashes;
    }

    /** The stored nodes MTH(D[start:end]) is composed from, left to right. */
    private static void addresses(long start, long end, List<TreeNodes.Address> out) {
        long n = end - start;
        if (n == 0) {
            return;
        }
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            out.add(new TreeNodes.Address(level, start >>> level));
            return;
        }
        long k = Long.highestOneBit(n);
        addresses(start, start + k, out);
        addresses(start + k, end, out);
    }

    private static Hash rangeHash(long start, long end, Map<Address, Hash> read) {
        long n = end - start;
        if (n == 0) {
            return MerkleHashes.EMPTY_ROOT;
        }
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return read.get(new Address(level, start >>> level));
        }
        long k = Long.highestOneBit(n);
        return MerkleHashes.nodeHash(rangeHash(start, start + k, read), rangeHash(start + k, end, read));
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
