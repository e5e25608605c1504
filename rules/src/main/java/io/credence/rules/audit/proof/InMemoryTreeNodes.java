package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree nodes held in memory, packed 32 bytes a node in chunks (a million leaves take about 64 MiB).
 * For tests and tools; the audit log keeps its tree in {@link JdbcTreeNodes}. Thread-safe.
 *
 * <pre>{@code
 * MerkleTree tree = new MerkleTree(new InMemoryTreeNodes());
 * tree.append(recordHashBytes);
 * }</pre>
 */
public final class InMemoryTreeNodes implements TreeNodes {

    private static final int NODES_PER_CHUNK = 1 << 14;

    /** levels.get(l) holds the hashes of level l, in index order. */
    private final List<Level> levels = new ArrayList<>();

    @Override
    public synchronized long size() {
        return levels.isEmpty() ? 0 : levels.get(0).count;
    }

    @Override
    public synchronized Hash node(int level, long index) {
        TreeNode.checkAddress(level, index);
        if (level >= levels.size() || index >= levels.get(level).count) {
            throw new IllegalStateException("no tree node (level " + level + ", index " + index + ") is stored; level "
                    + level + " holds " + (level >= levels.size() ? 0 : levels.get(level).count) + " nodes");
        }
        return levels.get(level).get(index);
    }

    @Override
    public synchronized List<Hash> find(List<Address> addresses) {
        List<Hash> hashes = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            hashes.add(a.level() < levels.size() && a.index() < levels.get(a.level()).count
                    ? levels.get(a.level()).get(a.index()) : null);
        }
        return hashes;
    }

    @Override
    public synchronized void write(List<TreeNode> nodes) {
        long[] counts = new long[TreeNode.MAX_LEVEL + 1];
        for (int l = 0; l < levels.size(); l++) {
            counts[l] = levels.get(l).count;
        }
        for (TreeNode n : nodes) {
            if (n.index() != counts[n.level()]) {
                throw new IllegalStateException("tree node (level " + n.level() + ", index " + n.index()
                        + ") is out of order: level " + n.level() + " holds " + counts[n.level()]
                        + " nodes, so the next one is index " + counts[n.level()]);
            }
            counts[n.level()]++;
        }
        for (TreeNode n : nodes) {
            while (levels.size() <= n.level()) {
                levels.add(new Level());
            }
            levels.get(n.level()).add(n.hash());
        }
    }

    /** One level's hashes, packed. */
    private static final class Level {
        private final List<byte[]> chunks = new ArrayList<>();
        private long count;

        void add(Hash hash) {
            int offset = (int) (count % NODES_PER_CHUNK);
            if (offset == 0) {
                chunks.add(new byte[NODES_PER_CHUNK * Hash.LENGTH]);
            }
            System.arraycopy(hash.bytes(), 0, chunks.get(chunks.size() - 1), offset * Hash.LENGTH, Hash.LENGTH);
            count++;
        }

        Hash get(long index) {
            byte[] chunk = chunks.get((int) (index / NODES_PER_CHUNK));
            int offset = (int) (index % NODES_PER_CHUNK) * Hash.LENGTH;
            byte[] bytes = new byte[Hash.LENGTH];
            System.arraycopy(chunk, offset, bytes, 0, Hash.LENGTH);
            return new Hash(bytes);
        }
    }
}
