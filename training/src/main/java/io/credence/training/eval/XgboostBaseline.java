package io.credence.training.eval;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost4J, {@code binary:logistic}) on the encoded tabular matrix, as a
 * reference for the networks. Only used when asked for ({@code --baselines xgboost}).
 *
 * @param rounds    boosting rounds
 * @param maxDepth  tree depth
 * @param eta       learning rate
 * @param subsample row subsampling per tree
 * @param seed      random seed
 */
public record XgboostBaseline(int rounds, int maxDepth, double eta, double subsample, long seed) {

    public XgboostBaseline {
        if (rounds < 1) {
            throw new IllegalArgumentException("xgboost rounds must be >= 1, was " + rounds);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("xgboost maxDepth must be >= 1, was " + maxDepth);
        }
        if (!(eta > 0)) {
            throw new IllegalArgumentException("xgboost eta must be > 0, was " + eta);
        }
        if (!(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("xgboost subsample must be in (0, 1], was " + subsample);
        }
    }

    /** Modest, robust defaults (300 rounds of depth-4 trees, eta 0.05, 80 % row subsampling). */
    public static XgboostBaseline defaults(long seed) {
        return new XgboostBaseline(300, 4, 0.05, 0.8, seed);
    }

    /** Fits on {@code train} and returns the probability of the bad class for each row of {@code test}. */
    public double[] fitPredict(float[][] train, float[] labels, float[][] test) {
        try {
            DMatrix dtrain = matrix(train);
            DMatrix dtest = matrix(test);
            try {
                dtrain.setLabel(labels);
                Map<String, Object> params = new HashMap<>();
                params.put("objective", "binary:logistic");
                params.put("eval_metric", "auc");
                params.put("max_depth", maxDepth);
                params.put("eta", eta);
                params.put("subsample", subsample);
                params.put("colsample_bytree", 0.8);
                params.put("min_child_weight", 1.0);
                params.put("seed", (int) seed);
                params.put("nthread", Runtime.getRuntime().availableProcessors());
                params.put("verbosity", 0);
                Booster booster = XGBoost.train(dtrain, params, rounds, new HashMap<>(), null, null);
                try {
                    float[][] p = booster.predict(dtest);
                    double[] out = new double[p.length];
                    for (int i = 0; i < p.length; i++) {
                        out[i] = p[i][0];
                    }
                    return out;
                } finally {
                    booster.dispose();
                }
            } finally {
                dtrain.dispose();
                dtest.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    private static DMatrix matrix(float[][] rows) throws XGBoostError {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return new DMatrix(flat, n, d, Float.NaN);
    }
}
