package io.credence.plugin.encode;

import io.credence.plugin.card.ModelCard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a model's features are read from the rows of its training file, as the card's {@code csv.*}
 * properties record it: a feature read from a column of another name ({@code csv.column.<feature>}),
 * the data set's codes and the business value each became ({@code csv.codes.<feature>}, e.g.
 * {@code A11=NEGATIVE,A12=LOW}), and the columns of a sequence channel, oldest first
 * ({@code csv.sequence.<channel>}). Tools that score or profile a training-format file read it
 * through this, so that the file needs no translation; a file already in the card's names and
 * values reads as it is.
 *
 * <pre>{@code
 * FeatureSource row = SourceColumns.of(card).features(column -> cells.getOrDefault(column, FeatureSource.ABSENT));
 * }</pre>
 *
 * @param columns   feature -> the CSV column it is read from (features read from their own name are not listed)
 * @param codes     feature -> data-set code -> business value
 * @param sequences channel -> its CSV columns, oldest first
 */
public record SourceColumns(Map<String, String> columns, Map<String, Map<String, String>> codes,
                            Map<String, List<String>> sequences) {

    /** Card property prefix: {@code csv.column.<feature>} names the CSV column the feature is read from. */
    public static final String COLUMN_PREFIX = "csv.column.";
    /** Card property prefix: {@code csv.codes.<feature>} lists {@code code=value} pairs, comma-separated. */
    public static final String CODES_PREFIX = "csv.codes.";
    /** Card property prefix: {@code csv.sequence.<channel>} lists the channel's CSV columns, oldest first. */
    public static final String SEQUENCE_PREFIX = "csv.sequence.";

    public SourceColumns {
        columns = Map.copyOf(columns);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        codes.forEach((feature, map) -> copy.put(feature, Collections.unmodifiableMap(new LinkedHashMap<>(map))));
        codes = Collections.unmodifiableMap(copy);
        sequences = Map.copyOf(sequences);
    }

    /** What a card records of its training file's columns (nothing: every feature is its own column). */
    public static SourceColumns of(ModelCard card) {
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, Map<String, String>> codes = new LinkedHashMap<>();
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        Map<String, String> properties = card.properties() == null ? Map.of() : card.properties();
        properties.forEach((key, value) -> {
            if (key.startsWith(COLUMN_PREFIX)) {
                columns.put(key.substring(COLUMN_PREFIX.length()), value.trim());
            } else if (key.startsWith(CODES_PREFIX)) {
                codes.put(key.substring(CODES_PREFIX.length()), parseCodes(key, value));
            } else if (key.startsWith(SEQUENCE_PREFIX)) {
                List<String> list = new ArrayList<>();
                for (String column : value.split(",")) {
                    list.add(column.trim());
                }
                sequences.put(key.substring(SEQUENCE_PREFIX.length()), List.copyOf(list));
            }
        });
        return new SourceColumns(columns, codes, sequences);
    }

    /** {@code code=value} pairs in order, comma-separated (the {@code csv.codes.<feature>} property). */
    public static String formatCodes(Map<String, String> codes) {
        StringBuilder out = new StringBuilder();
        codes.forEach((code, value) -> {
            if (code.contains(",") || code.contains("=") || value.contains(",") || value.contains("=")) {
                throw new IllegalArgumentException("code '" + code + "' -> '" + value + "': neither may contain ',' or '='");
            }
            out.append(out.length() == 0 ? "" : ",").append(code).append('=').append(value);
        });
        return out.toString();
    }

    private static Map<String, String> parseCodes(String key, String value) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("card property " + key + ": '" + pair + "' is not code=value");
            }
            codes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return codes;
    }

    /**
     * One row of a training-format file as the card's features.
     *
     * @param cell a column's cell: a {@code String} (or number), {@code null} when the cell is
     *             missing, {@link FeatureSource#ABSENT} when the file has no such column
     */
    public FeatureSource features(Function<String, Object> cell) {
        return name -> {
            List<String> steps = sequences.get(name);
            if (steps != null) {
                List<Object> values = new ArrayList<>(steps.size());
                for (String column : steps) {
                    Object v = cell.apply(column);
                    if (v == FeatureSource.ABSENT) {
                        return FeatureSource.ABSENT;
                    }
                    values.add(v);
                }
                return values;
            }
            Object own = cell.apply(name);
            String column = columns.get(name);
            return valueOf(name, own != FeatureSource.ABSENT || column == null ? own : cell.apply(column));
        };
    }

    /** The feature a CSV column is read as: the feature the card reads from it, else the column's own name. */
    public String featureOf(String column) {
        for (Map.Entry<String, String> read : columns.entrySet()) {
            if (read.getValue().equals(column)) {
                return read.getKey();
            }
        }
        return column;
    }

    /**
     * A cell as the feature's value: a data-set code becomes its business value; anything else
     * (a business value already, an unknown code, a number) is returned as it is, for the encoder
     * to judge.
     */
    public Object valueOf(String feature, Object cell) {
        Map<String, String> coded = codes.get(feature);
        if (coded != null && cell instanceof String code && coded.containsKey(code.trim())) {
            return coded.get(code.trim());
        }
        return cell;
    }
}
