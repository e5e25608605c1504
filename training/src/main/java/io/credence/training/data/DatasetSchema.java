package io.credence.training.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.credence.plugin.card.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared layout of a training file ({@code training/schemas/<data-folder>.json}); see
 * {@code docs/training.md} for the format.
 *
 * @param name         data set name, e.g. {@code german-credit}
 * @param description  what the rows are
 * @param licence      licence and attribution of the data (copied into the model card)
 * @param format       delimiter, header, missing-value tokens
 * @param target       the default target column and bad value (the command line may override)
 * @param ignore       columns that are not features (identifiers, leakage)
 * @param clipQuantile numeric features are clipped to the [q, 1-q] quantiles of the training
 *                     rows (written as a {@code clip} range into the card); 0 = no clipping
 * @param features     tabular feature columns in network order
 * @param sequence     the optional time-series input (CNN/GRU read it; MLP reads its columns as
 *                     tabular features)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSchema(
        String name,
        String description,
        String licence,
        CsvFormat format,
        Target target,
        List<String> ignore,
        Double clipQuantile,
        List<Column> features,
        SequenceInput sequence) {

    public DatasetSchema {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("schema.name is required");
        }
        if (format == null) {
            format = CsvFormat.DEFAULT;
        }
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        if (clipQuantile == null) {
            clipQuantile = 0.0;
        }
        if (clipQuantile < 0 || clipQuantile >= 0.5) {
            throw new IllegalArgumentException("schema '" + name + "': clipQuantile must be in [0, 0.5), was " + clipQuantile);
        }
        features = features == null ? List.of() : List.copyOf(features);
        if (features.isEmpty() && sequence == null) {
            throw new IllegalArgumentException("schema '" + name + "': features must list at least one column (or declare a sequence)");
        }
        Set<String> seen = new HashSet<>();
        Set<String> sources = new HashSet<>();
        for (Column c : features) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("schema '" + name + "': column '" + c.name() + "' is listed twice");
            }
            if (!sources.add(c.source())) {
                throw new IllegalArgumentException("schema '" + name + "': CSV column '" + c.source() + "' is read by two features");
            }
        }
        if (sequence != null) {
            for (Channel ch : sequence.channels()) {
                for (String col : ch.columns()) {
                    if (!seen.add(col)) {
                        throw new IllegalArgumentException("schema '" + name + "': column '" + col
                                + "' is used twice (features and/or sequence channels)");
                    }
                }
                if (features.stream().anyMatch(c -> c.name().equals(ch.name()))) {
                    throw new IllegalArgumentException("schema '" + name + "': sequence channel '" + ch.name()
                            + "' has the name of a feature column");
                }
            }
        }
    }

    /** The default target of a data set. */
    public record Target(String column, String bad) {
        public Target {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("target.column is required");
            }
        }
    }

    /**
     * One feature column.
     *
     * @param name        the model-card feature name (what the service's {@code modelInputs} carry),
     *                    e.g. {@code checkingAccount}
     * @param type        numeric, categorical or ordinal
     * @param levels      ordinal: levels lowest first (required; the business values when
     *                    {@code codes} is given); categorical: ignored (the vocabulary is fitted on
     *                    training rows)
     * @param unknown     categorical/ordinal: what a code not seen in training does at scoring time
     *                    ({@code zero}, the default for categoricals, or {@code reject})
     * @param description meaning, copied into the card
     * @param source      the CSV column the feature is read from; default {@code name}
     * @param codes       categorical/ordinal: the data set's codes and the business value each one
     *                    becomes at training time ({@code "A11": "NEGATIVE"}), in the order the
     *                    vocabulary takes; a cell that is none of them is a data error. Empty: the
     *                    cells are the values
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Column(String name, ColumnType type, List<String> levels, FeatureSpec.UnknownCategory unknown,
                         String description, String source, Map<String, String> codes) {
        public Column {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("features[].name is required");
            }
            if (type == null) {
                throw new IllegalArgumentException("column '" + name + "': type is required (numeric, categorical or ordinal)");
            }
            if (type == ColumnType.ORDINAL && (levels == null || levels.isEmpty())) {
                throw new IllegalArgumentException("column '" + name + "': an ordinal column needs levels, lowest first");
            }
            if (type == ColumnType.NUMERIC && levels != null && !levels.isEmpty()) {
                throw new IllegalArgumentException("column '" + name + "': a numeric column has no levels");
            }
            levels = levels == null ? List.of() : List.copyOf(levels);
            if (unknown == null) {
                unknown = type == ColumnType.CATEGORICAL ? FeatureSpec.UnknownCategory.zero : FeatureSpec.UnknownCategory.reject;
            }
            if (type == ColumnType.ORDINAL && unknown == FeatureSpec.UnknownCategory.zero) {
                throw new IllegalArgumentException("column '" + name + "': an ordinal column cannot map unknown levels to zero");
            }
            if (source == null || source.isBlank()) {
                source = name;
            }
            codes = codes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(codes));
            if (!codes.isEmpty()) {
                if (type == ColumnType.NUMERIC) {
                    throw new IllegalArgumentException("column '" + name + "': a numeric column has no codes");
                }
                Set<String> values = new HashSet<>();
                for (Map.Entry<String, String> code : codes.entrySet()) {
                    if (code.getValue() == null || code.getValue().isBlank()) {
                        throw new IllegalArgumentException("column '" + name + "': code '" + code.getKey()
                                + "' needs a business value");
                    }
                    if (!values.add(code.getValue())) {
                        throw new IllegalArgumentException("column '" + name + "': two codes become '" + code.getValue()
                                + "'; each business value stands for one code");
                    }
                }
                if (type == ColumnType.ORDINAL && !values.containsAll(levels)) {
                    throw new IllegalArgumentException("column '" + name + "': levels " + levels
                            + " must be business values of its codes " + codes.values());
                }
            }
        }

        /** A column whose CSV column, name and values are the same (no codes). */
        public Column(String name, ColumnType type, List<String> levels, FeatureSpec.UnknownCategory unknown,
                      String description) {
            this(name, type, levels, unknown, description, null, null);
        }

        /** The business value of a data-set cell (the cell itself without codes); null when no code matches. */
        public String valueOf(String cell) {
            return codes.isEmpty() ? cell : codes.get(cell);
        }

        public static Column numeric(String name) {
            return new Column(name, ColumnType.NUMERIC, null, null, null);
        }

        public static Column categorical(String name) {
            return new Column(name, ColumnType.CATEGORICAL, null, null, null);
        }
    }

    /**
     * A time-series input of {@code steps} steps, one numeric channel per series.
     *
     * @param name     the ONNX input name, e.g. {@code history}
     * @param steps    number of time steps
     * @param channels the series; each lists its {@code steps} columns oldest first
     */
    public record SequenceInput(String name, int steps, List<Channel> channels) {
        public SequenceInput {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("sequence.name is required");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("sequence '" + name + "': steps must be >= 1, was " + steps);
            }
            if (channels == null || channels.isEmpty()) {
                throw new IllegalArgumentException("sequence '" + name + "': channels must list at least one channel");
            }
            channels = List.copyOf(channels);
            for (Channel ch : channels) {
                if (ch.columns().size() != steps) {
                    throw new IllegalArgumentException("sequence '" + name + "': channel '" + ch.name() + "' lists "
                            + ch.columns().size() + " columns, expected " + steps + " (one per step, oldest first)");
                }
            }
        }

        /** Every column of every channel. */
        public List<String> allColumns() {
            List<String> all = new ArrayList<>();
            channels.forEach(c -> all.addAll(c.columns()));
            return all;
        }
    }

    /**
     * One numeric series.
     *
     * @param name        the channel (model-card feature) name, e.g. {@code repayment_status}
     * @param columns     its CSV columns, oldest step first
     * @param description meaning, copied into the card
     * @param flatType    how each of its columns is read when the series is flattened into tabular
     *                    features (MLP, baselines): {@code numeric} (default) or {@code categorical}
     *                    (e.g. repayment status codes -2..9); inside the sequence input it is always numeric
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(String name, List<String> columns, String description, ColumnType flatType) {
        public Channel {
            if (flatType == null) {
                flatType = ColumnType.NUMERIC;
            }
            if (flatType == ColumnType.ORDINAL) {
                throw new IllegalArgumentException("channel '" + name + "': flatType must be numeric or categorical");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("sequence channel name is required");
            }
            if (columns == null || columns.isEmpty()) {
                throw new IllegalArgumentException("channel '" + name + "': columns must list one column per step, oldest first");
            }
            columns = List.copyOf(columns);
        }
    }

    /** Every CSV column the schema reads as a feature (tabular columns, then sequence columns). */
    public List<String> featureColumns() {
        List<String> all = new ArrayList<>();
        features.forEach(c -> all.add(c.source()));
        if (sequence != null) {
            all.addAll(sequence.allColumns());
        }
        return all;
    }
}
