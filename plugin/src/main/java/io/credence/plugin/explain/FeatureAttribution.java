package io.credence.plugin.explain;

/**
 * How much one business feature moved the score away from the reference applicant's score.
 *
 * @param feature        the business feature (model card feature name)
 * @param description    the card's description of the feature, or its name
 * @param value          the applicant's raw value (null when missing)
 * @param referenceValue the reference applicant's raw value
 * @param contribution   contribution on the log-odds scale; positive = raises the probability
 *                       of the bad outcome (adverse), negative = lowers it
 */
public record FeatureAttribution(String feature, String description, Object value, Object referenceValue,
                                 double contribution) {

    /** Attributions with |contribution| at or below this are treated as zero. */
    public static final double EPSILON = 1e-6;

    /** True when this feature raised the risk. */
    public boolean adverse() {
        return contribution > EPSILON;
    }
}
