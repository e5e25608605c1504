package io.credence.training.nn;

/**
 * Encoded rows for a network: the tabular matrix and/or the sequence tensor, and the targets.
 *
 * @param tabular  [rows][tabularWidth], or null when the network has no tabular input
 * @param sequence [rows][steps][channels], or null when it has no sequence input
 * @param labels   [rows]: 0/1 for binary tasks, grade index for softmax, a value for MSE
 */
public record NetworkInput(float[][] tabular, float[][][] sequence, float[] labels) {

    public int rows() {
        return labels.length;
    }
}
