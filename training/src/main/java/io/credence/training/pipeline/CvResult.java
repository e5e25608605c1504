package io.credence.training.pipeline;

import io.credence.training.eval.Evaluation;
import io.credence.training.nn.EpochStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-validation of one model kind.
 *
 * @param name           e.g. {@code mlp} or {@code lr}
 * @param folds          per-fold evaluations on the held-out fold
 * @param outOfFold      pooled evaluation of all out-of-fold predictions
 * @param predictions    out-of-fold probability per data row
 * @param labels         label per data row
 * @param history        learning curve of the first fold (empty for baselines)
 * @param wallSeconds    wall time of the whole cross-validation
 */
public record CvResult(String name, List<Evaluation> folds, Evaluation outOfFold, double[] predictions,
                       float[] labels, List<EpochStats> history, double wallSeconds) {

    public CvResult {
        folds = List.copyOf(folds);
        history = List.copyOf(history);
    }

    public double meanAuc() {
        return folds.stream().mapToDouble(Evaluation::auc).average().orElse(Double.NaN);
    }

    /** Sample standard deviation of the fold AUCs. */
    public double sdAuc() {
        double mean = meanAuc();
        double ss = folds.stream().mapToDouble(e -> (e.auc() - mean) * (e.auc() - mean)).sum();
        return folds.size() < 2 ? 0 : Math.sqrt(ss / (folds.size() - 1));
    }

    private double mean(java.util.function.ToDoubleFunction<Evaluation> metric) {
        return folds.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** {@code cv_*} metrics (means over folds) for the model card. */
    public Map<String, Double> cardMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cv_auc", meanAuc());
        m.put("cv_auc_sd", sdAuc());
        m.put("cv_gini", mean(Evaluation::gini));
        m.put("cv_ks", mean(Evaluation::ks));
        m.put("cv_brier", mean(Evaluation::brier));
        m.put("cv_log_loss", mean(Evaluation::logLoss));
        m.put("cv_folds", (double) folds.size());
        m.put("cv_seconds", wallSeconds);
        return m;
    }
}
