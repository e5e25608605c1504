package io.credence.training.data;

import java.util.List;

/**
 * How a delimited text file is laid out.
 *
 * @param delimiter a single character such as {@code ","} or {@code ";"}, or {@code "whitespace"}
 *                  for runs of spaces and tabs (e.g. UCI {@code .dat} files)
 * @param header    true when the first line names the columns
 * @param columns   the column names when there is no header row (ignored otherwise)
 * @param naValues  cell texts that mean "missing" (compared after trimming); an empty cell is
 *                  always missing
 */
public record CsvFormat(String delimiter, Boolean header, List<String> columns, List<String> naValues) {

    /** Comma-separated with a header row; {@code NA}, {@code NaN}, {@code null} and {@code ?} mean missing. */
    public static final CsvFormat DEFAULT = new CsvFormat(",", true, null, null);

    public CsvFormat {
        if (delimiter == null) {
            delimiter = ",";
        }
        if (!delimiter.equals("whitespace") && delimiter.length() != 1) {
            throw new IllegalArgumentException("format.delimiter must be one character or 'whitespace', was '" + delimiter + "'");
        }
        if (header == null) {
            header = true;
        }
        if (!header && (columns == null || columns.isEmpty())) {
            throw new IllegalArgumentException("format.columns must name the columns when format.header is false");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        naValues = naValues == null ? List.of("NA", "NaN", "null", "?") : List.copyOf(naValues);
    }

    /** True when {@code cell} stands for a missing value. */
    public boolean isMissing(String cell) {
        if (cell == null) {
            return true;
        }
        String t = cell.trim();
        return t.isEmpty() || naValues.contains(t);
    }
}
