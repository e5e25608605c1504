package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Checks the records a store holds against checkpoints kept outside it: the one check the owner
 * of the database cannot fool, because rewriting, deleting or forking history changes the tree's
 * root at sizes that were signed before.
 *
 * <pre>{@code
 * TreeAudit.Result r = TreeAudit.check(recordHashes.iterator(), storedTree, witness.readVerified(publicKey));
 * if (!r.intact()) System.out.println(r.problem());
 * }</pre>
 *
 * <p>The tree is rebuilt from the records' hashes (in memory, 64 bytes per record), so the check
 * does not trust the store's own {@code audit_tree}; that one is compared with it too.
 */
public final class TreeAudit {

    private final MerkleTree rebuilt = new MerkleTree(new InMemoryTreeNodes());
    private final List<byte[]> batch = new ArrayList<>(4096);
    private long records;

    /** An empty check: give it the records' hashes with {@link #add}, then ask for the {@link #result}. */
    public TreeAudit() {
    }

    /** The next record's hash (hex), in sequence order from sequence 1. */
    public void add(String recordHash) {
        batch.add(HexFormat.of().parseHex(recordHash));
        records++;
        if (batch.size() == 4096) {
            rebuilt.appendAll(batch);
            batch.clear();
        }
    }

    /**
     * What the check found.
     *
     * @param intact       whether every check passed
     * @param records      records read
     * @param checkpoints  checkpoints checked
     * @param latestSigned tree size of the last checkpoint, 0 when there was none
     * @param problem      the first problem, null when intact
     */
    public record Result(boolean intact, long records, int checkpoints, long latestSigned, String problem) {
    }

    /**
     * @param recordHashes the records' hashes (hex) in sequence order, from sequence 1
     * @param storedTree   the store's own tree, or null to skip comparing it
     * @param witness      checkpoints from the witness, in file order, their signatures already
     *                     checked ({@link CheckpointFile#readVerified})
     */
    public static Result check(Iterator<String> recordHashes, MerkleTree storedTree, List<Checkpoint> witness) {
        TreeAudit audit = new TreeAudit();
        recordHashes.forEachRemaining(audit::add);
        return audit.result(storedTree, witness);
    }

    /** The outcome for the records added so far; arguments as for {@link #check}. */
    public Result result(MerkleTree storedTree, List<Checkpoint> witness) {
        rebuilt.appendAll(batch);
        batch.clear();
        long latest = witness.isEmpty() ? 0 : witness.get(witness.size() - 1).treeSize();
        long signedBefore = 0;
        for (int i = 0; i < witness.size(); i++) {
            Checkpoint cp = witness.get(i);
            String which = "checkpoint " + (i + 1) + " (tree size " + cp.treeSize() + ", signed " + cp.time() + ")";
            if (cp.treeSize() > records) {
                return new Result(false, records, i, latest, records == 0
                        ? "the store holds no records, but " + which + " commits to " + cp.treeSize()
                        + ": the store was wiped or replaced"
                        : "the store holds " + records + " records, but " + which + " commits to " + cp.treeSize()
                        + ": records " + (records + 1) + " to " + cp.treeSize() + " were deleted (the tail was cut off)");
            }
            if (!rebuilt.root(cp.treeSize()).equals(cp.root())) {
                return new Result(false, records, i, latest, "the records do not match " + which
                        + ": a record from sequence " + (signedBefore + 1) + " to " + cp.treeSize()
                        + " was rewritten, or the store is a fork of the log that was signed");
            }
            signedBefore = cp.treeSize();
        }
        if (storedTree != null) {
            long stored = storedTree.size();
            if (stored != records) {
                return new Result(false, records, witness.size(), latest, "the store's tree holds " + stored
                        + " leaves but the store " + records + " records: records were deleted or added outside the service");
            }
            if (records > 0 && !storedTree.root(records).equals(rebuilt.root(records))) {
                return new Result(false, records, witness.size(), latest, "the store's own tree does not match its"
                        + " records: records were rewritten outside the service");
            }
        }
        return new Result(true, records, witness.size(), latest, null);
    }
}
