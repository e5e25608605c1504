package io.credence.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** Gini coefficient (accuracy ratio): {@code 2 * AUC - 1}. */
    public static double gini(double[] scores, float[] labels) {
        return 2 * rocAuc(scores, labels) - 1;
    }

    /**
     * Kolmogorov-Smirnov statistic: the largest gap between the cumulative score distributions of
     * bad and good rows (0..1). Tied scores are treated as one threshold.
     */
    public static double ks(double[] scores, float[] labels) {
        int n = check(scores, labels);
        Integer[] order = order(scores);
        long positives = positives(labels);
        long negatives = n - positives;
        requireBothClasses(positives, negatives, "KS");
        double best = 0;
        long seenBad = 0;
        long seenGood = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] > 0.5f) {
                    seenBad++;
                } else {
                    seenGood++;
                }
                j++;
            }
            best = Math.max(best, Math.abs((double) seenBad / positives - (double) seenGood / negatives));
            i = j;
        }
        return best;
    }

    /** Brier score: mean squared difference between predicted probability and outcome. */
    public static double brier(double[] probabilities, float[] labels) {
        int n = check(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = probabilities[i] - (labels[i] > 0.5f ? 1 : 0);
            sum += d * d;
        }
        return sum / n;
    }

    /** Mean negative log-likelihood (natural log); probabilities are clipped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(double[] probabilities, float[] labels) {
        int n = check(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]));
            sum -= labels[i] > 0.5f ? Math.log(p) : Math.log(1 - p);
        }
        return sum / n;
    }

    /**
     * Calibration table: rows sorted by predicted probability and cut into {@code bins} groups of
     * (nearly) equal size (deciles for 10); per group the mean prediction and the observed bad rate.
     */
    public static List<CalibrationBin> calibration(double[] probabilities, float[] labels, int bins) {
        int n = check(probabilities, labels);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        Integer[] order = order(probabilities);
        List<CalibrationBin> table = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) b * n / bins);
            int to = (int) ((long) (b + 1) * n / bins);
            if (to <= from) {
                continue;
            }
            double sumP = 0;
            int bad = 0;
            for (int k = from; k < to; k++) {
                sumP += probabilities[order[k]];
                bad += labels[order[k]] > 0.5f ? 1 : 0;
            }
            table.add(new CalibrationBin(b + 1, to - from, probabilities[order[from]], probabilities[order[to - 1]],
                    sumP / (to - from), (double) bad / (to - from)));
        }
        return table;
    }

    /**
     * ROC curve points (false positive rate, true positive rate) from (0,0) to (1,1), one point per
     * distinct score, highest score first.
     */
    public static List<double[]> rocCurve(double[] scores, float[] labels) {
        int n = check(scores, labels);
        Integer[] order = order(scores);
        long positives = positives(labels);
        long negatives = n - positives;
        requireBothClasses(positives, negatives, "a ROC curve");
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j >= 0 && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] > 0.5f) {
                    tp++;
                } else {
                    fp++;
                }
                j--;
            }
            points.add(new double[] {(double) fp / negatives, (double) tp / positives});
            i = j;
        }
        return points;
    }

    private static int check(double[] scores, float[] labels) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        return scores.length;
    }

    private static Integer[] order(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        return order;
    }

    private static long positives(float[] labels) {
        long p = 0;
        for (float l : labels) {
            if (l > 0.5f) {
                p++;
            }
        }
        return p;
    }

    private static void requireBothClasses(long positives, long negatives, String what) {
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException(what + " needs both classes; got " + positives + " bad and " + negatives + " good rows");
        }
    }
}
