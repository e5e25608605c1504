package io.credence.plugin.drift;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import java.util.List;

/**
 * Reads one tabular feature back from its encoded columns: a numeric feature's raw value
 * ({@code encoded * scale + center}), a categorical feature's code (the one-hot column that is 1)
 * or an ordinal feature's level (the position, unscaled and rounded). Training's profile and the
 * service's monitor both read through it, so both bin exactly the values the model saw.
 */
final class FeatureReader {

    private final FeatureSpec spec;
    private final String[] columns;
    private final double center;
    private final double scale;

    FeatureReader(FeatureSpec spec) {
        this.spec = spec;
        if (spec.type() == FeatureType.CATEGORICAL) {
            List<String> vocabulary = spec.vocabulary();
            columns = new String[vocabulary.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = spec.name() + "=" + vocabulary.get(i);
            }
            center = 0;
            scale = 1;
        } else {
            columns = new String[] {spec.name()};
            center = spec.scaling().center();
            scale = spec.scaling().scale();
        }
    }

    FeatureSpec spec() {
        return spec;
    }

    boolean numeric() {
        return spec.type() == FeatureType.NUMERIC;
    }

    /** The raw numeric value, or NaN when the column is absent. */
    double number(EncodedColumns row) {
        double v = row.value(columns[0]);
        return Double.isNaN(v) ? Double.NaN : v * scale + center;
    }

    /** The index of the code in the vocabulary, or -1 (absent, or an unknown code encoded as all zeros). */
    int category(EncodedColumns row) {
        if (spec.type() == FeatureType.ORDINAL) {
            double v = row.value(columns[0]);
            if (Double.isNaN(v)) {
                return -1;
            }
            long position = Math.round(v * scale + center);
            return position >= 0 && position < spec.vocabulary().size() ? (int) position : -1;
        }
        for (int i = 0; i < columns.length; i++) {
            if (row.value(columns[i]) > 0.5) {
                return i;
            }
        }
        return -1;
    }
}
