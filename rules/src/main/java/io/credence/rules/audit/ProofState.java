package io.credence.rules.audit;

import io.credence.rules.audit.proof.Checkpoint;
import java.time.Instant;

/**
 * What the compliance page says about the log's proofs, without walking the chain on every view:
 * the Merkle tree's size, the latest signed checkpoint, and the last verification this service ran.
 *
 * @param treeSize         leaves of the tree (one per record)
 * @param latestCheckpoint the checkpoint of the largest tree in the store, or null when none is signed
 * @param lastVerification the last chain walk this process ran, or null when none ran yet
 * @param verifiedAt       when it ran; null with it
 */
public record ProofState(long treeSize, Checkpoint latestCheckpoint, ChainVerification lastVerification,
                         Instant verifiedAt) {

    /** Whether a signed checkpoint covers the record at this sequence number. */
    public boolean covers(long sequence) {
        return latestCheckpoint != null && latestCheckpoint.treeSize() >= sequence;
    }
}
