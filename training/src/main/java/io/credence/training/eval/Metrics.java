package io.credence.training.eval;

import java.util.Arrays;

/** Discrimination and calibration metrics for binary credit-risk scores (label 1 = bad). */
public final class Metrics {

    private Metrics() {
    }

    /**
     * ROC AUC by the rank-sum (Mann-Whitney) formula with average ranks for ties.
     *
     * @throws IllegalArgumentException when lengths differ or one class is absent
     */
    public static double rocAuc(double[] scores, float[] labels) {
        int n = scores.length;
        if (labels.length != n) {
            throw new IllegalArgumentException("scores and labels differ in length: " + n + " vs " + labels.length);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC AUC needs both classes; got " + positives + " bad and " + negatives + " good rows");
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
