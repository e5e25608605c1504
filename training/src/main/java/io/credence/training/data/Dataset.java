package io.credence.training.data;

import io.credence.plugin.encode.FeatureSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training file checked against its schema: numeric columns parsed, ordinal levels checked,
 * the target turned into labels (1 = bad, 0 = good). Missing cells stay missing ({@code NaN} for
 * numbers, {@code null} for codes); imputation belongs to the fitted encoding.
 */
public final class Dataset {

    private final CsvTable table;
    private final DatasetSchema schema;
    private final String target;
    private final String bad;
    private final float[] labels;
    private final Map<String, double[]> numbers = new HashMap<>();
    private final Map<String, String[]> codes = new HashMap<>();

    private Dataset(CsvTable table, DatasetSchema schema, String target, String bad) {
        this.table = table;
        this.schema = schema;
        this.target = target;
        this.bad = bad;
        this.labels = labels(table, schema.format(), target, bad);
        Map<String, Integer> index = table.index();
        for (String column : schema.featureColumns()) {
            if (!index.containsKey(column)) {
                throw new DataException(table.source() + ": schema '" + schema.name() + "' names column '" + column
                        + "', which the file does not have; its columns are " + table.columns());
            }
            if (column.equals(target)) {
                throw new DataException(table.source() + ": the target column '" + target + "' cannot also be a feature");
            }
        }
        for (DatasetSchema.Column column : schema.features()) {
            int c = index.get(column.source());
            switch (column.type()) {
                case NUMERIC -> numbers.put(column.name(), parseNumbers(column.name(), c));
                case CATEGORICAL -> codes.put(column.name(), businessValues(column, readCodes(c)));
                case ORDINAL -> {
                    String[] values = businessValues(column, readCodes(c));
                    for (int r = 0; r < values.length; r++) {
                        if (values[r] != null && !column.levels().contains(values[r])) {
                            throw new DataException(where(column.name(), r) + ": '" + values[r]
                                    + "' is not one of the ordinal levels " + column.levels());
                        }
                    }
                    codes.put(column.name(), values);
                }
                default -> throw new IllegalStateException("unhandled column type " + column.type());
            }
        }
        if (schema.sequence() != null) {
            for (DatasetSchema.Channel ch : schema.sequence().channels()) {
                for (String column : ch.columns()) {
                    numbers.put(column, parseNumbers(column, index.get(column)));
                    if (ch.flatType() == ColumnType.CATEGORICAL) {
                        codes.put(column, readCodes(index.get(column)));
                    }
                }
            }
        }
    }

    /**
     * Reads and checks a file.
     *
     * @param schema the declared schema, or null to infer one from the file
     * @param target the target column
     * @param bad    the target value that means "bad" (label 1)
     */
    public static Dataset load(Path file, DatasetSchema schema, String target, String bad) {
        CsvFormat format = schema == null ? CsvFormat.DEFAULT : schema.format();
        CsvTable table = CsvReader.read(file, format);
        return of(table, schema == null ? DatasetSchemas.infer(table, format, target) : schema, target, bad);
    }

    /** Checks an already read table. */
    public static Dataset of(CsvTable table, DatasetSchema schema, String target, String bad) {
        if (target == null || target.isBlank()) {
            throw new DataException(table.source() + ": no target column given (--target)");
        }
        if (bad == null || bad.isBlank()) {
            throw new DataException(table.source() + ": no bad value given for target '" + target + "' (--bad)");
        }
        return new Dataset(table, schema, target, bad.trim());
    }

    private static float[] labels(CsvTable table, CsvFormat format, String target, String bad) {
        int t = table.indexOf(target);
        if (t < 0) {
            throw new DataException(table.source() + ": target column '" + target + "' not found; the columns are "
                    + table.columns());
        }
        float[] labels = new float[table.size()];
        Set<String> seen = new LinkedHashSet<>();
        int positives = 0;
        for (int r = 0; r < table.size(); r++) {
            String cell = table.rows().get(r)[t];
            if (format.isMissing(cell)) {
                throw new DataException(table.source() + ": target column '" + target + "', row " + (r + 1)
                        + " (line " + table.lines()[r] + "): value is missing; every training row needs a target");
            }
            seen.add(cell);
            if (sameValue(cell, bad)) {
                labels[r] = 1f;
                positives++;
            }
        }
        if (positives == 0) {
            throw new DataException(table.source() + ": --bad '" + bad + "' does not occur in target column '" + target
                    + "'; its values are " + (seen.size() > 20 ? new ArrayList<>(seen).subList(0, 20) + " ..." : seen));
        }
        if (positives == labels.length) {
            throw new DataException(table.source() + ": every row of target column '" + target + "' is '" + bad
                    + "'; training needs both bad and good rows");
        }
        return labels;
    }

    private static boolean sameValue(String cell, String bad) {
        if (cell.equals(bad)) {
            return true;
        }
        if (DatasetSchemas.isNumber(cell) && DatasetSchemas.isNumber(bad)) {
            return new BigDecimal(cell).compareTo(new BigDecimal(bad)) == 0;
        }
        return false;
    }

    private double[] parseNumbers(String name, int c) {
        double[] values = new double[table.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = table.rows().get(r)[c];
            if (schema.format().isMissing(cell)) {
                values[r] = Double.NaN;
                continue;
            }
            try {
                values[r] = new BigDecimal(cell.trim()).doubleValue();
            } catch (NumberFormatException e) {
                throw new DataException(where(name, r) + ": '" + cell + "' is not a number (column '" + name
                        + "' is numeric" + (schema.description() != null && schema.description().startsWith("inferred")
                        ? "" : " in schema '" + schema.name() + "'") + "; missing values are empty or one of "
                        + schema.format().naValues() + ")");
            }
            if (!Double.isFinite(values[r])) {
                throw new DataException(where(name, r) + ": '" + cell + "' is not a finite number");
            }
        }
        return values;
    }

    private String[] readCodes(int c) {
        String[] values = new String[table.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = table.rows().get(r)[c];
            values[r] = schema.format().isMissing(cell) ? null : cell.trim();
        }
        return values;
    }

    /** A coded column's cells as business values ({@link DatasetSchema.Column#codes()}); a cell no code matches is a data error. */
    private String[] businessValues(DatasetSchema.Column column, String[] cells) {
        if (column.codes().isEmpty()) {
            return cells;
        }
        String[] values = new String[cells.length];
        for (int r = 0; r < cells.length; r++) {
            if (cells[r] == null) {
                continue;
            }
            values[r] = column.valueOf(cells[r]);
            if (values[r] == null) {
                throw new DataException(where(column.name(), r) + ": '" + cells[r] + "' is none of the codes "
                        + column.codes().keySet() + " that schema '" + schema.name() + "' maps to business values");
            }
        }
        return values;
    }

    private String where(String column, int row) {
        String read = schema.features().stream().filter(f -> f.name().equals(column) && !f.source().equals(column))
                .map(f -> " (CSV column '" + f.source() + "')").findFirst().orElse("");
        return table.source() + ": column '" + column + "'" + read + ", row " + (row + 1) + " (line " + table.lines()[row] + ")";
    }

    public DatasetSchema schema() {
        return schema;
    }

    public CsvTable table() {
        return table;
    }

    public String target() {
        return target;
    }

    public String bad() {
        return bad;
    }

    public int rows() {
        return labels.length;
    }

    /** 1 = bad, 0 = good, per row. */
    public float[] labels() {
        return labels.clone();
    }

    /** Labels of the given rows. */
    public float[] labels(int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return out;
    }

    /** Parsed values of a numeric or sequence column ({@code NaN} = missing). */
    public double[] numbers(String column) {
        double[] v = numbers.get(column);
        if (v == null) {
            throw new IllegalArgumentException("column '" + column + "' is not a numeric column of " + schema.name());
        }
        return v;
    }

    /** Codes of a categorical or ordinal column ({@code null} = missing). */
    public String[] codes(String column) {
        String[] v = codes.get(column);
        if (v == null) {
            throw new IllegalArgumentException("column '" + column + "' is not a categorical or ordinal column of " + schema.name());
        }
        return v;
    }

    /** True when any row of the column (any step, for a channel's columns) is missing. */
    public boolean hasMissing(String column) {
        String[] asCodes = codes.get(column);
        if (asCodes != null) {
            return Arrays.stream(asCodes).anyMatch(v -> v == null);
        }
        double[] n = numbers.get(column);
        if (n != null) {
            return Arrays.stream(n).anyMatch(Double::isNaN);
        }
        return Arrays.stream(codes(column)).anyMatch(v -> v == null);
    }

    /**
     * The raw values of one row as the plugin's encoder reads them: numbers as {@code Double},
     * codes as {@code String}, each sequence channel as a list of numbers oldest first, and
     * {@code null} for a missing value.
     */
    public FeatureSource row(int r) {
        return row(r, java.util.Set.of());
    }

    /**
     * Like {@link #row(int)}, but the named columns are read as codes (flattened categorical
     * sequence columns).
     */
    public FeatureSource row(int r, java.util.Set<String> asCodes) {
        return name -> {
            if (asCodes.contains(name)) {
                return codes.get(name)[r];
            }
            double[] n = numbers.get(name);
            if (n != null) {
                return Double.isNaN(n[r]) ? null : n[r];
            }
            String[] c = codes.get(name);
            if (c != null) {
                return c[r];
            }
            if (schema.sequence() != null) {
                for (DatasetSchema.Channel ch : schema.sequence().channels()) {
                    if (ch.name().equals(name)) {
                        List<Double> list = new ArrayList<>(ch.columns().size());
                        for (String col : ch.columns()) {
                            double v = numbers.get(col)[r];
                            list.add(Double.isNaN(v) ? null : v);
                        }
                        return list;
                    }
                }
            }
            return FeatureSource.ABSENT;
        };
    }
}
