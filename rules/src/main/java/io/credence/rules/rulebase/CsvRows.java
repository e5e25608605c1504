package io.credence.rules.rulebase;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a policy CSV file with the line each starts on, read by Commons CSV, so that
 * every message can name the line an analyst edits.
 *
 * <pre>{@code
 * for (CsvRows.Row row : CsvRows.read(csv, CsvRows.KEEP_EMPTY_LINES)) { row.line(); row.cell(2); }
 * }</pre>
 */
public final class CsvRows {

    /** RFC 4180, empty lines kept (a blank line ends a rule table, as in Drools). */
    public static final CSVFormat KEEP_EMPTY_LINES = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private CsvRows() {
    }

    /** One record and the line it starts on (1-based). */
    public record Row(int line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** The stripped cell, or empty beyond the row's end. */
        public String cell(int i) {
            return i >= 0 && i < cells.size() ? cells.get(i).strip() : "";
        }

        public boolean blank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    /**
     * @throws IllegalArgumentException naming the line when the text is not CSV (e.g. an unclosed quote)
     */
    public static List<Row> read(String csv, CSVFormat format) {
        List<Row> rows = new ArrayList<>();
        int line = 1;
        int counted = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            for (CSVRecord record : parser) {
                for (long at = record.getCharacterPosition(); counted < at && counted < csv.length(); counted++) {
                    if (csv.charAt(counted) == '\n') {
                        line++;
                    }
                }
                List<String> cells = new ArrayList<>();
                record.forEach(cells::add);
                rows.add(new Row(line, cells));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("not readable as CSV after line " + line + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
