package io.credence.training.data;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.MissingValue;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.Scaling;
import io.credence.plugin.card.TrainingData;
import io.credence.plugin.card.ValueRange;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.plugin.encode.SourceColumns;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.training.nn.NetworkInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An encoding fitted on training rows, expressed as the model card's inputs: medians for
 * imputation, clip ranges, standardisation (mean, standard deviation), vocabularies. Only the
 * rows passed to {@link #fit} are looked at for these statistics; whether a column gets a
 * missing-value rule (and indicator) depends on whether the data set has missing cells in it.
 * Rows are encoded with the plugin's {@link FeatureEncoder}, exactly as at serving time.
 */
public final class FittedEncoding {

    /** The ONNX input name of the tabular input. */
    public static final String TABULAR_INPUT = "features";
    /** Card property holding the missing-value tokens of the CSV format, joined by {@code |}. */
    public static final String PROPERTY_NA_VALUES = "csv.na_values";
    /** Card property prefix: {@code csv.sequence.<channel>} lists the channel's CSV columns, oldest first. */
    public static final String PROPERTY_SEQUENCE_PREFIX = SourceColumns.SEQUENCE_PREFIX;

    /** Which inputs the network has. */
    public enum Layout {
        /** One tabular input; sequence columns become tabular numeric features (MLP, baselines). */
        FLAT,
        /** A tabular input for the plain features and a sequence input for the series (CNN, GRU). */
        SEQUENCE
    }

    private final Layout layout;
    private final List<InputSpec> inputs;
    private final Map<String, String> properties;
    private final FeatureEncoder encoder;
    private final java.util.Set<String> codeColumns;
    private final Map<String, Object> reference;

    private FittedEncoding(Layout layout, List<InputSpec> inputs, Map<String, String> properties,
                           java.util.Set<String> codeColumns, Map<String, Object> reference) {
        this.layout = layout;
        this.reference = reference;
        this.codeColumns = java.util.Set.copyOf(codeColumns);
        this.inputs = List.copyOf(inputs);
        this.properties = Map.copyOf(properties);
        this.encoder = new FeatureEncoder(card("encoding", "0", "template", new OutputSpec("p", 0, "template"),
                new TrainingData("template", "0".repeat(64), 0, null), Map.of(), Map.of()));
    }

    /** Fits the encoding on {@code rows} of {@code data}. */
    public static FittedEncoding fit(Dataset data, int[] rows, Layout layout) {
        DatasetSchema schema = data.schema();
        double q = schema.clipQuantile();
        List<FeatureSpec> tabular = new ArrayList<>();
        for (DatasetSchema.Column column : schema.features()) {
            FeatureSpec spec = switch (column.type()) {
                case NUMERIC -> numeric(data, column.name(), rows, q, true);
                case CATEGORICAL -> categorical(data, column, rows);
                case ORDINAL -> ordinal(data, column, rows);
            };
            tabular.add(column.description() == null ? spec : spec.withDescription(column.description()));
        }
        List<InputSpec> inputs = new ArrayList<>();
        java.util.Set<String> codeColumns = new java.util.HashSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROPERTY_NA_VALUES, String.join("|", schema.format().naValues()));
        for (DatasetSchema.Column column : schema.features()) {
            if (!column.source().equals(column.name())) {
                properties.put(SourceColumns.COLUMN_PREFIX + column.name(), column.source());
            }
            if (!column.codes().isEmpty()) {
                properties.put(SourceColumns.CODES_PREFIX + column.name(), SourceColumns.formatCodes(column.codes()));
            }
        }
        DatasetSchema.SequenceInput sequence = schema.sequence();
        if (layout == Layout.SEQUENCE && sequence == null) {
            throw new DataException("schema '" + schema.name() + "' declares no sequence input; CNN and GRU need one"
                    + " (use --arch mlp, or declare \"sequence\" in the schema)");
        }
        if (sequence != null && layout == Layout.FLAT) {
            for (DatasetSchema.Channel ch : sequence.channels()) {
                for (int t = 0; t < ch.columns().size(); t++) {
                    String col = ch.columns().get(t);
                    FeatureSpec spec;
                    if (ch.flatType() == ColumnType.CATEGORICAL) {
                        spec = categorical(data, DatasetSchema.Column.categorical(col), rows);
                        codeColumns.add(col);
                    } else {
                        spec = numeric(data, col, rows, q, true);
                    }
                    tabular.add(spec.withDescription((ch.description() == null ? ch.name() : ch.description())
                            + ", step " + (t + 1) + " of " + sequence.steps() + " (oldest first)"));
                }
            }
        }
        if (!tabular.isEmpty()) {
            inputs.add(InputSpec.tabular(TABULAR_INPUT, tabular));
        }
        if (sequence != null && layout == Layout.SEQUENCE) {
            List<FeatureSpec> channels = new ArrayList<>();
            for (DatasetSchema.Channel ch : sequence.channels()) {
                FeatureSpec spec = channel(data, ch, rows, q);
                channels.add(ch.description() == null ? spec : spec.withDescription(ch.description()));
                properties.put(PROPERTY_SEQUENCE_PREFIX + ch.name(), String.join(",", ch.columns()));
            }
            inputs.add(new InputSpec(sequence.name(), InputSpec.Layout.sequence, sequence.steps(), channels));
        }
        return new FittedEncoding(layout, inputs, properties, codeColumns, referenceApplicant(data, inputs, rows, schema));
    }

    /**
     * The reference applicant explanations compare against: the training rows' median of every
     * number (per step for a sequence channel) and the most frequent code of every categorical
     * or ordinal feature.
     */
    private static Map<String, Object> referenceApplicant(Dataset data, List<InputSpec> inputs, int[] rows,
                                                          DatasetSchema schema) {
        Map<String, List<String>> channelColumns = new HashMap<>();
        if (schema.sequence() != null) {
            for (DatasetSchema.Channel ch : schema.sequence().channels()) {
                channelColumns.put(ch.name(), ch.columns());
            }
        }
        Map<String, Object> reference = new LinkedHashMap<>();
        for (InputSpec input : inputs) {
            for (FeatureSpec f : input.features()) {
                if (input.layout() == InputSpec.Layout.sequence) {
                    List<Object> steps = new ArrayList<>();
                    for (String col : channelColumns.get(f.name())) {
                        steps.add(median(data, col, rows));
                    }
                    reference.put(f.name(), steps);
                } else if (f.type() == FeatureType.NUMERIC) {
                    reference.put(f.name(), median(data, f.name(), rows));
                } else {
                    String[] all = data.codes(f.name());
                    Map<String, Integer> counts = new HashMap<>();
                    for (int r : rows) {
                        if (all[r] != null && f.vocabulary().contains(all[r])) {
                            counts.merge(all[r], 1, Integer::sum);
                        }
                    }
                    f.vocabulary().stream().max(Comparator.comparingInt((String c) -> counts.getOrDefault(c, 0)))
                            .ifPresent(mode -> reference.put(f.name(), mode));
                }
            }
        }
        return reference;
    }

    private static double median(Dataset data, String column, int[] rows) {
        double[] all = data.numbers(column);
        double[] v = Arrays.stream(rows).mapToDouble(r -> all[r]).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v.length == 0 ? 0.0 : quantile(v, 0.5);
    }

    /** The reference applicant written into the model card. */
    public Map<String, Object> reference() {
        return reference;
    }

    private static FeatureSpec numeric(Dataset data, String name, int[] rows, double q, boolean indicator) {
        double[] all = data.numbers(name);
        double[] v = Arrays.stream(rows).mapToDouble(r -> all[r]).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return numericSpec(name, v, q, data.hasMissing(name), indicator);
    }

    private static FeatureSpec channel(Dataset data, DatasetSchema.Channel ch, int[] rows, double q) {
        boolean missing = false;
        double[] v = new double[rows.length * ch.columns().size()];
        int n = 0;
        for (String col : ch.columns()) {
            double[] all = data.numbers(col);
            missing |= data.hasMissing(col);
            for (int r : rows) {
                if (!Double.isNaN(all[r])) {
                    v[n++] = all[r];
                }
            }
        }
        v = Arrays.copyOf(v, n);
        Arrays.sort(v);
        return numericSpec(ch.name(), v, q, missing, false);
    }

    private static FeatureSpec numericSpec(String name, double[] sorted, double q, boolean hasMissing, boolean indicator) {
        double median = sorted.length == 0 ? 0.0 : quantile(sorted, 0.5);
        ValueRange range = null;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (q > 0 && sorted.length > 0) {
            lo = quantile(sorted, q);
            hi = quantile(sorted, 1 - q);
            if (lo < hi) {
                range = new ValueRange(lo, hi, ValueRange.OutOfRange.clip);
            } else {
                lo = Double.NEGATIVE_INFINITY;
                hi = Double.POSITIVE_INFINITY;
            }
        }
        double sum = 0;
        double sumSq = 0;
        for (double x : sorted) {
            double c = Math.max(lo, Math.min(hi, x));
            sum += c;
            sumSq += c * c;
        }
        int n = Math.max(1, sorted.length);
        double mean = sum / n;
        double var = Math.max(0, sumSq / n - mean * mean);
        double sd = Math.sqrt(var);
        Scaling scaling = new Scaling(mean, sd > 1e-12 ? sd : 1.0);
        MissingValue missing = hasMissing ? new MissingValue(MissingValue.Policy.impute, median, indicator) : MissingValue.REJECT;
        return new FeatureSpec(name, FeatureType.NUMERIC, null, scaling, range, null, null, missing);
    }

    private static FeatureSpec categorical(Dataset data, DatasetSchema.Column column, int[] rows) {
        String[] all = data.codes(column.name());
        Map<String, Integer> counts = new HashMap<>();
        for (int r : rows) {
            if (all[r] != null) {
                counts.merge(all[r], 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new DataException("column '" + column.name() + "' has no value in any training row");
        }
        List<String> vocabulary = new ArrayList<>(counts.keySet());
        if (column.codes().isEmpty()) {
            vocabulary.sort(CODE_ORDER);
        } else {
            // The order the schema lists the codes in: the data set's code order, so that the
            // one-hot slots are those the codes themselves would get.
            List<String> order = List.copyOf(column.codes().values());
            vocabulary.sort(Comparator.comparingInt(order::indexOf));
        }
        MissingValue missing = MissingValue.REJECT;
        if (data.hasMissing(column.name())) {
            String mode = vocabulary.stream().max(Comparator.comparingInt(counts::get)).orElseThrow();
            missing = new MissingValue(MissingValue.Policy.impute, mode, true);
        }
        return new FeatureSpec(column.name(), FeatureType.CATEGORICAL, null, null, null, vocabulary, column.unknown(), missing);
    }

    private static FeatureSpec ordinal(Dataset data, DatasetSchema.Column column, int[] rows) {
        String[] all = data.codes(column.name());
        List<String> levels = column.levels();
        double[] idx = Arrays.stream(rows).filter(r -> all[r] != null).mapToDouble(r -> levels.indexOf(all[r])).sorted().toArray();
        double sum = Arrays.stream(idx).sum();
        int n = Math.max(1, idx.length);
        double mean = sum / n;
        double var = Math.max(0, Arrays.stream(idx).map(x -> x * x).sum() / n - mean * mean);
        double sd = Math.sqrt(var);
        MissingValue missing = MissingValue.REJECT;
        if (data.hasMissing(column.name())) {
            String median = levels.get((int) Math.round(idx.length == 0 ? 0 : quantile(idx, 0.5)));
            missing = new MissingValue(MissingValue.Policy.impute, median, true);
        }
        return new FeatureSpec(column.name(), FeatureType.ORDINAL, null, new Scaling(mean, sd > 1e-12 ? sd : 1.0),
                null, levels, column.unknown(), missing);
    }

    /** Codes that are all numbers sort numerically, others as text. */
    static final Comparator<String> CODE_ORDER = (a, b) -> {
        boolean na = DatasetSchemas.isNumber(a);
        boolean nb = DatasetSchemas.isNumber(b);
        if (na && nb) {
            int c = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** The raw values of one data row as this encoding reads them (flattened categorical columns as codes). */
    public io.credence.plugin.encode.FeatureSource source(Dataset data, int row) {
        return data.row(row, codeColumns);
    }

    /** Encodes rows through the plugin's encoder. */
    public NetworkInput encode(Dataset data, int[] rows) {
        List<float[]> buffers = new ArrayList<>();
        for (InputSpec input : inputs) {
            buffers.add(new float[rows.length * input.floatsPerRow()]);
        }
        for (int i = 0; i < rows.length; i++) {
            try {
                encoder.encodeInto(data.row(rows[i], codeColumns), buffers, i);
            } catch (InvalidFeatureException e) {
                throw new DataException(data.table().source() + ": row " + (rows[i] + 1) + " (line "
                        + data.table().lines()[rows[i]] + ") cannot be encoded: "
                        + e.violations().stream().map(Object::toString).toList(), e);
            }
        }
        float[][] tabular = null;
        float[][][] sequence = null;
        for (int k = 0; k < inputs.size(); k++) {
            InputSpec input = inputs.get(k);
            float[] buf = buffers.get(k);
            int per = input.floatsPerRow();
            if (input.layout() == InputSpec.Layout.tabular) {
                tabular = new float[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    tabular[i] = Arrays.copyOfRange(buf, i * per, (i + 1) * per);
                }
            } else {
                int steps = input.steps();
                int channels = input.width();
                sequence = new float[rows.length][steps][];
                for (int i = 0; i < rows.length; i++) {
                    for (int t = 0; t < steps; t++) {
                        int from = i * per + t * channels;
                        sequence[i][t] = Arrays.copyOfRange(buf, from, from + channels);
                    }
                }
            }
        }
        return new NetworkInput(tabular, sequence, data.labels(rows));
    }

    /** A model card with these inputs (the ONNX digest is filled in when the package is written). */
    public ModelCard card(String name, String version, String description, OutputSpec output, TrainingData trainingData,
                          Map<String, Double> metrics, Map<String, String> extraProperties) {
        Map<String, String> props = new TreeMap<>(properties);
        props.putAll(extraProperties);
        return new ModelCard(ModelCard.FORMAT, name, version, "0".repeat(64), Instant.now(), description, inputs,
                output, trainingData, metrics, props, reference);
    }

    public Layout layout() {
        return layout;
    }

    public List<InputSpec> inputs() {
        return inputs;
    }

    /** Card properties the {@code score} command needs to read CSV rows (missing tokens, sequence columns). */
    public Map<String, String> properties() {
        return properties;
    }

    /** Encoded columns of the tabular input (0 when there is none). */
    public int tabularWidth() {
        return inputs.stream().filter(i -> i.layout() == InputSpec.Layout.tabular).mapToInt(InputSpec::width).sum();
    }

    /** Steps of the sequence input (0 when there is none). */
    public int sequenceSteps() {
        return inputs.stream().filter(i -> i.layout() == InputSpec.Layout.sequence).mapToInt(InputSpec::steps).findFirst().orElse(0);
    }

    /** Channels of the sequence input (0 when there is none). */
    public int sequenceChannels() {
        return inputs.stream().filter(i -> i.layout() == InputSpec.Layout.sequence).mapToInt(InputSpec::width).findFirst().orElse(0);
    }

    /** Names of the tabular input's encoded columns. */
    public List<String> tabularColumnNames() {
        return inputs.stream().filter(i -> i.layout() == InputSpec.Layout.tabular)
                .flatMap(i -> i.features().stream()).flatMap(f -> f.encodedColumnNames().stream()).toList();
    }
}
