package io.credence.training.eval;

/**
 * One cross-validation fold: row indices to fit on and row indices to evaluate on.
 *
 * @param number 1-based fold number
 * @param train  rows to fit on
 * @param test   rows held out
 */
public record Fold(int number, int[] train, int[] test) {

    public Fold {
        if (number < 1) {
            throw new IllegalArgumentException("fold number must be >= 1, was " + number);
        }
        if (train.length == 0 || test.length == 0) {
            throw new IllegalArgumentException("fold " + number + " needs training and test rows");
        }
    }
}
