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
 * @param error          the stated error of {@code contribution} (log-odds): 0 when exact, the
 *                       half-width of a 99 % confidence interval when estimated, NaN when the
 *                       method states none (occlusion, or a record written before errors were kept)
 */
public record FeatureAttribution(String feature, String description, Object value, Object referenceValue,
                                 double contribution, double error) {

    /** Attributions with |contribution| at or below this are treated as zero. */
    public static final double EPSILON = 1e-6;

    /** An attribution without a stated error (NaN). */
    public FeatureAttribution(String feature, String description, Object value, Object referenceValue,
                              double contribution) {
        this(feature, description, value, referenceValue, contribution, Double.NaN);
    }

    /** True when this feature raised the risk. */
    public boolean adverse() {
        return contribution > EPSILON;
    }
}
