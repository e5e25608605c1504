package io.credence.plugin.drift;

import java.util.Map;

/**
 * The encoded values of one application by column name ({@code ageYears}, {@code housing=RENT}),
 * as the card's encoder produced them; NaN for a column that is not there.
 *
 * <pre>{@code
 * EncodedColumns row = EncodedColumns.of(modelScore.getEncodedFeatures());
 * }</pre>
 */
@FunctionalInterface
public interface EncodedColumns {

    /** The encoded value of {@code column}, or NaN. */
    double value(String column);

    /** A view of a map of encoded features (e.g. a score's {@code encodedFeatures}). */
    static EncodedColumns of(Map<String, ? extends Number> byColumn) {
        return column -> {
            Number v = byColumn.get(column);
            return v == null ? Double.NaN : v.doubleValue();
        };
    }
}
