package io.credence.rules.audit.proof;

import java.util.List;

/** A store that counts the node reads and writes passing through it to another. */
final class CountingTreeNodes implements TreeNodes {

    private final TreeNodes inner;
    private long reads;
    private long writes;

    CountingTreeNodes(TreeNodes inner) {
        this.inner = inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public Hash node(int level, long index) {
        reads++;
        return inner.node(level, index);
    }

    @Override
    public void write(List<TreeNode> nodes) {
        writes += nodes.size();
        inner.write(nodes);
    }

    long reads() {
        return reads;
    }

    long writes() {
        return writes;
    }

    void reset() {
        reads = 0;
        writes = 0;
    }
}
