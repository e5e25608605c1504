package io.credence.training.eval;

/**
 * One group of the calibration table.
 *
 * @param bin           1-based group number, lowest predictions first
 * @param count         rows in the group
 * @param minPredicted  lowest prediction in the group
 * @param maxPredicted  highest prediction in the group
 * @param meanPredicted mean predicted probability
 * @param observedRate  share of bad rows
 */
public record CalibrationBin(int bin, int count, double minPredicted, double maxPredicted, double meanPredicted,
                             double observedRate) {
}
