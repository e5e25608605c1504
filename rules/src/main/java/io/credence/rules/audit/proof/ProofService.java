package io.credence.rules.audit.proof;

import java.time.Duration;
import java.util.Optional;

/**
 * Inclusion proofs for receipts, against the latest signed checkpoint: what
 * {@code GET /api/v1/decisions/{id}/proof} answers.
 *
 * <pre>{@code
 * ProofService proofs = new ProofService(auditLog.tree(), checkpointer);
 * ProofService.Answer a = proofs.prove(record.receipt());
 * }</pre>
 */
public final class ProofService {

    private final MerkleTree tree;
    private final Checkpointer checkpoints;

    public ProofService(MerkleTree tree, Checkpointer checkpoints) {
        this.tree = tree;
        this.checkpoints = checkpoints;
    }

    /** A proof, or when to ask again. */
    public sealed interface Answer permits Proved, Pending {
    }

    /** The inclusion proof against a checkpoint that covers the record. */
    public record Proved(InclusionProofDocument document) implements Answer {
    }

    /** No checkpoint covers the record yet; one is due within {@code retryAfter}. */
    public record Pending(Receipt receipt, long latestCheckpointSize, Duration retryAfter) implements Answer {
    }

    public Answer prove(Receipt receipt) {
        Optional<Checkpoint> latest = checkpoints.latest();
        if (latest.isEmpty() || latest.get().treeSize() <= receipt.leafIndex()) {
            return new Pending(receipt, latest.map(Checkpoint::treeSize).orElse(0L), checkpoints.interval());
        }
        return new Proved(InclusionProofDocument.prove(tree, receipt, latest.get()));
    }
}
