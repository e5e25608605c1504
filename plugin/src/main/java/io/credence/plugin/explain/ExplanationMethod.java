package io.credence.plugin.explain;

/** How attributions are computed; see docs/explanations.md. */
public enum ExplanationMethod {
    /**
     * Baseline substitution: a feature's attribution is the change in log-odds when that feature
     * alone is replaced by the reference applicant's value. One row per feature. Not an estimate
     * of Shapley values: it states no error ({@link FeatureAttribution#error()} is NaN).
     */
    OCCLUSION,
    /**
     * Shapley values estimated by 8 antithetic permutations of all features between the reference
     * applicant and the application; attributions add up exactly to the log-odds difference. The
     * error is a 99 % confidence half-width over the 4 pairs (wide: 3 degrees of freedom).
     */
    SHAPLEY_SAMPLING,
    /**
     * The default. Baseline (interventional, single reference) Shapley values over the features
     * that differ from the reference applicant: exact, from all 2^d coalitions, when at most
     * {@link Explainer#EXACT_MAX_FEATURES} differ ({@link Explanation#exact()} true, error 0);
     * otherwise estimated from {@link Explainer#SAMPLED_PAIRS} antithetic pairs of orders, each
     * attribution with the half-width of its 99 % confidence interval. Attributions add up
     * exactly to the log-odds difference either way; one batched ONNX Runtime call.
     */
    BASELINE_SHAPLEY
}
