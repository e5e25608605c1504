package io.credence.plugin.explain;

/** How attributions are computed; see docs/explanations.md. */
public enum ExplanationMethod {
    /**
     * Baseline substitution: a feature's attribution is the change in log-odds when that feature
     * alone is replaced by the reference applicant's value. One row per feature.
     */
    OCCLUSION,
    /**
     * Shapley values estimated by antithetic permutation sampling between the reference
     * applicant and the application; attributions add up exactly to the log-odds difference.
     */
    SHAPLEY_SAMPLING
}
