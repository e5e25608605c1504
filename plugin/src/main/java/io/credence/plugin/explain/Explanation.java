package io.credence.plugin.explain;

import java.util.List;

/**
 * Why a model scored an application as it did.
 *
 * @param model          model name
 * @param version        model version
 * @param method         how the attributions were computed
 * @param exact          true when the attributions are exact baseline Shapley values (every
 *                       coalition evaluated); false for an estimate or for occlusion
 * @param score          the application's score (probability of the bad outcome)
 * @param referenceScore the reference applicant's score
 * @param attributions   one per business feature, most adverse first
 */
public record Explanation(String model, String version, ExplanationMethod method, boolean exact, double score,
                          double referenceScore, List<FeatureAttribution> attributions) {

    public Explanation {
        attributions = List.copyOf(attributions);
    }

    /** The features that raised the risk most, largest first, at most {@code n}. */
    public List<FeatureAttribution> topAdverse(int n) {
        return attributions.stream().filter(FeatureAttribution::adverse).limit(n).toList();
    }

    /** Sum of contributions (equals logit(score) - logit(referenceScore) for the Shapley methods). */
    public double totalContribution() {
        return attributions.stream().mapToDouble(FeatureAttribution::contribution).sum();
    }

    /**
     * The largest stated error of any attribution (log-odds): 0 when exact, NaN when the method
     * states none (occlusion).
     */
    public double maxError() {
        double max = 0.0;
        for (FeatureAttribution a : attributions) {
            if (Double.isNaN(a.error())) {
                return Double.NaN;
            }
            max = Math.max(max, a.error());
        }
        return max;
    }
}
