package io.credence.plugin.card;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a raw application value is read before it is encoded. */
public enum FeatureType {
    /** A number, optionally range-checked and scaled as {@code (value - center) / scale}. */
    NUMERIC,
    /** A code from a fixed vocabulary, one-hot encoded in vocabulary order. */
    CATEGORICAL,
    /** A code from an ordered list of levels, encoded as its position and then scaled. */
    ORDINAL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FeatureType of(String name) {
        for (FeatureType type : values()) {
            if (type.jsonName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown feature type '" + name + "', expected one of "
                + Arrays.stream(values()).map(FeatureType::jsonName).toList());
    }
}
