package io.credence.plugin.card;

/**
 * What happens when a feature has no value (absent or JSON {@code null}).
 *
 * @param policy    {@code reject}: the application cannot be scored; {@code impute}: use {@code value}
 * @param value     the imputed raw value (a number for numeric features, a code otherwise)
 * @param indicator when true the encoding has one extra column that is 1 when the value was
 *                  missing and 0 otherwise
 */
public record MissingValue(Policy policy, Object value, boolean indicator) {

    /** The two missing-value rules. */
    public enum Policy { reject, impute }

    /** Missing values are refused. */
    public static final MissingValue REJECT = new MissingValue(Policy.reject, null, false);

    public MissingValue {
        if (policy == null) {
            policy = Policy.reject;
        }
        if (policy == Policy.impute && value == null) {
            throw new IllegalArgumentException("missing.policy 'impute' needs a missing.value");
        }
        if (policy == Policy.reject && indicator) {
            throw new IllegalArgumentException("missing.indicator only makes sense with missing.policy 'impute'");
        }
    }
}
