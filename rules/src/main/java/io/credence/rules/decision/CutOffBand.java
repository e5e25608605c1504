package io.credence.rules.decision;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.rulebase.Limit;

/**
 * A band of the cut-off decision table that an application falls in: the fact a table row inserts,
 * which the rule "Give the verdict of a cut-off band" hands to the {@link Decision}.
 *
 * <pre>
 * insert( new CutOffBand( drools.getRule().getName(), Outcome.REFER, "REFER_DEBT_TO_INCOME", $value, $lower, $upper, null ) );
 * </pre>
 *
 * @param rule    the table row's rule name
 * @param outcome the verdict of the band
 * @param code    the reason code (its text, with placeholders, is in {@code reason-codes.csv})
 * @param value   the application's value of the measure (e.g. its debt-to-income ratio)
 * @param lower   the band's lower limit ({@link Limit#LOWEST} when open)
 * @param upper   the band's upper limit ({@link Limit#HIGHEST} when open)
 * @param score   the model score the band is on, or null for a band on an application field
 */
public record CutOffBand(String rule, Outcome outcome, String code, double value, Limit lower, Limit upper, ModelScore score) {

    public CutOffBand {
        if (outcome == null || code == null || code.isBlank() || lower == null || upper == null) {
            throw new IllegalArgumentException("a cut-off band needs an outcome, a reason code and both limits (rule "
                    + rule + ")");
        }
    }

    /** For DRL property access. */
    public Outcome getOutcome() {
        return outcome;
    }

    /** For DRL property access; null for a band on an application field. */
    public ModelScore getScore() {
        return score;
    }

    /** True when the band is on a model's score. */
    public boolean isOnModel() {
        return score != null;
    }
}
