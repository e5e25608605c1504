package io.credence.training.nn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.credence.plugin.card.ModelCard;
import java.util.List;

/** A fitted network backed by a DJL model (PyTorch engine, CPU). */
final class DjlNetwork implements TrainedNetwork {

    /** Rows per forward pass when predicting. */
    static final int PREDICT_BATCH = 4096;

    private final Model model;
    private final CredenceBlock block;
    private final NetworkSpec spec;
    private final ParameterStore store;
    private List<EpochStats> history = List.of();
    private int bestEpoch;
    private boolean closed;

    DjlNetwork(Model model, CredenceBlock block, NetworkSpec spec) {
        this.model = model;
        this.block = block;
        this.spec = spec;
        this.store = new ParameterStore(model.getNDManager(), false);
    }

    /** Logits and probabilities of a set of rows, row-major {@code [rows][outputs]}. */
    record Outputs(float[] logits, float[] probabilities, int width) {

        /** The bad-class probability (last column) per row. */
        float[] badProbability() {
            int rows = probabilities.length / width;
            float[] out = new float[rows];
            for (int r = 0; r < rows; r++) {
                out[r] = probabilities[r * width + width - 1];
            }
            return out;
        }
    }

    CredenceBlock block() {
        return block;
    }

    NDManager manager() {
        return model.getNDManager();
    }

    void finish(List<EpochStats> epochs, int best) {
        this.history = List.copyOf(epochs);
        this.bestEpoch = best;
    }

    /** True once training has finished and the history is set. */
    boolean isTrained() {
        return bestEpoch > 0;
    }

    /** Inference-mode forward pass over all rows, in batches. */
    Outputs outputs(RowTensors rows) {
        ensureOpen();
        int n = rows.rows();
        int width = spec.outputs();
        float[] logits = new float[n * width];
        float[] probabilities = new float[n * width];
        for (int from = 0; from < n; from += PREDICT_BATCH) {
            int to = Math.min(n, from + PREDICT_BATCH);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDList inputs = rows.inputs(batch, null, from, to);
                NDArray z = block.forward(store, inputs, false).singletonOrThrow();
                NDArray p = width == 1 ? Activation.sigmoid(z) : z.softmax(1);
                System.arraycopy(z.toFloatArray(), 0, logits, from * width, (to - from) * width);
                System.arraycopy(p.toFloatArray(), 0, probabilities, from * width, (to - from) * width);
            }
        }
        return new Outputs(logits, probabilities, width);
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public List<EpochStats> history() {
        return history;
    }

    @Override
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public float[] predict(NetworkInput rows) {
        return outputs(new RowTensors(spec, rows, "predict")).badProbability();
    }

    @Override
    public byte[] exportOnnx(ModelCard card) {
        ensureOpen();
        return OnnxExporter.export(spec, block.weights(), card);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the " + spec.architecture() + " network has been closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
