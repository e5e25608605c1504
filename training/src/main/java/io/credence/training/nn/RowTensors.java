package io.credence.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The rows of a {@link NetworkInput} flattened once into row-major float arrays, from which whole
 * mini-batches are cut as single NDArrays (one native copy per input and batch, none per row).
 */
final class RowTensors {

    private final NetworkSpec spec;
    private final int rows;
    private final float[] tabular;
    private final float[] sequence;
    private final float[] labels;
    private final int sequenceFloats;

    RowTensors(NetworkSpec spec, NetworkInput input, String what) {
        this.spec = spec;
        this.rows = input.rows();
        this.labels = input.labels();
        this.sequenceFloats = spec.sequenceSteps() * spec.sequenceChannels();
        this.tabular = spec.hasTabular() ? flattenTabular(input.tabular(), spec.tabularWidth(), what) : null;
        this.sequence = spec.hasSequence()
                ? flattenSequence(input.sequence(), spec.sequenceSteps(), spec.sequenceChannels(), what) : null;
    }

    int rows() {
        return rows;
    }

    float label(int row) {
        return labels[row];
    }

    /** The network inputs (tabular first, then sequence) for {@code order[from..to)}. */
    NDList inputs(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        NDList list = new NDList(2);
        if (tabular != null) {
            list.add(cut(manager, tabular, spec.tabularWidth(), order, from, to,
                    new Shape(n, spec.tabularWidth())));
        }
        if (sequence != null) {
            list.add(cut(manager, sequence, sequenceFloats, order, from, to,
                    new Shape(n, spec.sequenceSteps(), spec.sequenceChannels())));
        }
        return list;
    }

    /** The labels of {@code order[from..to)}. */
    float[] labels(int[] order, int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = labels[order == null ? i : order[i]];
        }
        return out;
    }

    private static NDArray cut(NDManager manager, float[] data, int per, int[] order, int from, int to, Shape shape) {
        int n = to - from;
        float[] batch;
        if (order == null) {
            batch = new float[n * per];
            System.arraycopy(data, from * per, batch, 0, n * per);
        } else {
            batch = new float[n * per];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, order[from + i] * per, batch, i * per, per);
            }
        }
        return manager.create(batch, shape);
    }

    private static float[] flattenTabular(float[][] rows, int width, String what) {
        if (rows == null) {
            throw new IllegalArgumentException(what + ": the network reads " + width
                    + " tabular columns but the input has no tabular matrix");
        }
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != width) {
                throw new IllegalArgumentException(what + ": tabular row " + r + " has "
                        + (rows[r] == null ? "no values" : rows[r].length + " columns") + ", expected " + width);
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }

    private static float[] flattenSequence(float[][][] rows, int steps, int channels, String what) {
        if (rows == null) {
            throw new IllegalArgumentException(what + ": the network reads a sequence of " + steps + " steps x "
                    + channels + " channels but the input has no sequence tensor");
        }
        float[] flat = new float[rows.length * steps * channels];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != steps) {
                throw new IllegalArgumentException(what + ": sequence row " + r + " has "
                        + (rows[r] == null ? "no steps" : rows[r].length + " steps") + ", expected " + steps);
            }
            for (int s = 0; s < steps; s++) {
                if (rows[r][s] == null || rows[r][s].length != channels) {
                    throw new IllegalArgumentException(what + ": sequence row " + r + " step " + s + " has "
                            + (rows[r][s] == null ? "no values" : rows[r][s].length + " channels")
                            + ", expected " + channels);
                }
                System.arraycopy(rows[r][s], 0, flat, (r * steps + s) * channels, channels);
            }
        }
        return flat;
    }
}
