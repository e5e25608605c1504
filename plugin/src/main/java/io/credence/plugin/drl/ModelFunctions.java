package io.credence.plugin.drl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Functions for DRL, imported with {@code import function}:
 *
 * <pre>
 * import function io.credence.plugin.drl.ModelFunctions.percent;
 * ...
 *     $decision.refer("MODEL_MEDIUM_RISK", "The probability of default is " + percent($p));
 * </pre>
 *
 * <p>Scoring and explaining go through the rule base's {@link RuleModels} global, not through
 * static state: two rule bases in one JVM can score with different models.
 */
public final class ModelFunctions {

    private ModelFunctions() {
    }

    /** A probability as a percentage for reason texts, e.g. {@code 0.3512 -> "35.1 %"}. */
    public static String percent(double probability) {
        double value = probability * 100.0;
        if (!Double.isFinite(value) || value == 0.0 && Double.doubleToRawLongBits(value) != 0L) {
            return String.format(Locale.ROOT, "%.1f %%", value); // NaN, infinities, -0.0
        }
        // What String.format("%.1f") prints (the shortest decimal of the double, rounded half up),
        // without parsing a format string per call: this runs in every cut-off rule.
        return new BigDecimal(Double.toString(value)).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }
}
