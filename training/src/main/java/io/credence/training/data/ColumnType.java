package io.credence.training.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a feature column is read: numbers, unordered codes, or ordered levels. */
public enum ColumnType {
    NUMERIC, CATEGORICAL, ORDINAL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColumnType of(String name) {
        for (ColumnType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + name + "', expected one of "
                + Arrays.stream(values()).map(ColumnType::jsonName).toList());
    }
}
