package io.credence.training.nn;

import io.credence.plugin.card.ModelCard;
import java.util.List;

/** A fitted DJL network: predicts, and exports itself to ONNX. Close it to free native memory. */
public interface TrainedNetwork extends AutoCloseable {

    NetworkSpec spec();

    /** Per-epoch history (learning curves). */
    List<EpochStats> history();

    /** The epoch whose parameters were kept (early stopping), 1-based. */
    int bestEpoch();

    /** DJL's own prediction: probability of the bad class (output index per the card) for each row. */
    float[] predict(NetworkInput rows);

    /**
     * The network as an ONNX model (opset pinned) whose input names are the card's input names
     * (tabular input first, then the sequence input), whose output is the card's output, and
     * whose {@code metadata_props} carry the model name, version and feature-schema digest
     * ({@code io.credence.plugin.runtime.ModelSession.META_*}).
     */
    byte[] exportOnnx(ModelCard card);

    @Override
    void close();
}
