package io.credence.training.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric of one set of predictions.
 *
 * @param rows        rows evaluated
 * @param bad         bad rows among them
 * @param auc         ROC AUC
 * @param gini        2 AUC - 1
 * @param ks          Kolmogorov-Smirnov statistic
 * @param brier       Brier score
 * @param logLoss     log loss
 * @param calibration decile calibration table
 */
public record Evaluation(int rows, int bad, double auc, double gini, double ks, double brier, double logLoss,
                         List<CalibrationBin> calibration) {

    public Evaluation {
        calibration = List.copyOf(calibration);
    }

    /** Evaluates probabilities of the bad class against labels (1 = bad). */
    public static Evaluation of(double[] probabilities, float[] labels) {
        int bad = 0;
        for (float l : labels) {
            bad += l > 0.5f ? 1 : 0;
        }
        double auc = Metrics.rocAuc(probabilities, labels);
        return new Evaluation(labels.length, bad, auc, 2 * auc - 1, Metrics.ks(probabilities, labels),
                Metrics.brier(probabilities, labels), Metrics.logLoss(probabilities, labels),
                Metrics.calibration(probabilities, labels, 10));
    }

    /** The scalar metrics by name, with a prefix such as {@code cv_}. */
    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "auc", auc);
        m.put(prefix + "gini", gini);
        m.put(prefix + "ks", ks);
        m.put(prefix + "brier", brier);
        m.put(prefix + "log_loss", logLoss);
        return m;
    }
}
