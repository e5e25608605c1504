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

    /**
     * A feature is a principal reason only when its contribution is at least this fraction of
     * the total adverse contribution ({@link #adverseTotal()}): below it, a 1 % nudge to an input
     * swaps one negligible factor for another (docs/explanations.md, "Stability", measures it).
     */
    public static final double MATERIALITY = 0.05;

    public Explanation {
        attributions = List.copyOf(attributions);
    }

    /** The features that raised the risk most, largest first, at most {@code n}, however small. */
    public List<FeatureAttribution> topAdverse(int n) {
        return attributions.stream().filter(FeatureAttribution::adverse).limit(n).toList();
    }

    /**
     * The principal adverse factors: the features that raised the risk most, largest first, at
     * most {@code n}, each with at least {@link #MATERIALITY} of the total adverse contribution.
     * Reason codes come from these ({@link ReasonCodeTable#principalReasons}).
     */
    public List<FeatureAttribution> principalAdverse(int n) {
        return principalAdverse(n, MATERIALITY);
    }

    /** {@link #principalAdverse(int)} with another materiality fraction (0: every adverse feature). */
    public List<FeatureAttribution> principalAdverse(int n, double materiality) {
        double floor = materiality * adverseTotal();
        return attributions.stream().filter(a -> a.adverse() && a.contribution() >= floor).limit(n).toList();
    }

    /** The sum of the positive (adverse) contributions, log-odds. */
    public double adverseTotal() {
        double total = 0;
        for (FeatureAttribution a : attributions) {
            total += a.adverse() ? a.contribution() : 0.0;
        }
        return total;
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
