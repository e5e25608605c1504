package io.credence.rules.audit.proof;

/** A {@link MerkleTree#appendAt} to a tree that does not hold the number of leaves the caller expected. */
public final class TreeSizeMismatchException extends IllegalStateException {

    private final long expected;
    private final long actual;

    public TreeSizeMismatchException(long expected, long actual) {
        super("the Merkle tree holds " + actual + " leaves, not " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    /** The size the caller expected. */
    public long expected() {
        return expected;
    }

    /** The size the store holds. */
    public long actual() {
        return actual;
    }
}
