package io.credence.rules.audit.proof;

/**
 * The hash of a perfect subtree: node (level, index) covers the leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 holds the leaf hashes.
 *
 * @param level height above the leaves, 0 to 62
 * @param index position within its level, from 0
 * @param hash  the subtree's Merkle hash
 */
public record TreeNode(int level, long index, Hash hash) {

    /** The highest level a tree of up to {@code Long.MAX_VALUE} leaves can have. */
    public static final int MAX_LEVEL = 62;

    public TreeNode {
        checkAddress(level, index);
        if (hash == null) {
            throw new IllegalArgumentException("node (" + level + ", " + index + ") needs a hash");
        }
    }

    /** The first leaf this node covers. */
    public long firstLeaf() {
        return index << level;
    }

    static void checkAddress(int level, long index) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("node level must be 0 to " + MAX_LEVEL + ", was " + level);
        }
        if (index < 0 || index > (Long.MAX_VALUE >>> level)) {
            throw new IllegalArgumentException("node index at level " + level + " must be 0 to "
                    + (Long.MAX_VALUE >>> level) + ", was " + index);
        }
    }
}
