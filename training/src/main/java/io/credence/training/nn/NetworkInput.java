package io.credence.training.nn;

import java.util.Objects;

/**
 * Encoded rows for a network: the tabular matrix and/or the sequence tensor, and the targets.
 *
 * @param tabular  [rows][tabularWidth], or null when the network has no tabular input
 * @param sequence [rows][steps][channels], or null when it has no sequence input
 * @param labels   [rows]: 0/1 for binary tasks, grade index for softmax, a value for MSE
 */
public record NetworkInput(float[][] tabular, float[][][] sequence, float[] labels) {

    public NetworkInput {
        Objects.requireNonNull(labels, "labels are required (use unlabelled(...) for rows to predict)");
        if (tabular != null && tabular.length != labels.length) {
            throw new IllegalArgumentException("tabular has " + tabular.length + " rows but labels has " + labels.length);
        }
        if (sequence != null && sequence.length != labels.length) {
            throw new IllegalArgumentException("sequence has " + sequence.length + " rows but labels has " + labels.length);
        }
    }

    /** Rows to predict: the labels are all 0. */
    public static NetworkInput unlabelled(float[][] tabular, float[][][] sequence) {
        int rows = tabular != null ? tabular.length : sequence != null ? sequence.length : 0;
        return new NetworkInput(tabular, sequence, new float[rows]);
    }

    public int rows() {
        return labels.length;
    }
}
