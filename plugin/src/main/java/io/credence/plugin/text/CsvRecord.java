package io.credence.plugin.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One RFC 4180 record, read by Apache Commons CSV: comma-separated cells, {@code "quoted, cells"}
 * (a quoted cell may hold a line break) and {@code ""} escapes. Cells are not trimmed; callers
 * that want trimmed cells strip them.
 *
 * <pre>{@code
 * List<String> cells = CsvRecord.split("age,+,AGE,\"Age, in years\"").orElseThrow();
 * // [age, +, AGE, Age, in years]
 * }</pre>
 */
public final class CsvRecord {

    private static final CSVFormat ONE_LINE = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private CsvRecord() {
    }

    /**
     * Splits one record into its cells (not trimmed).
     *
     * @return the cells, or empty when a quoted cell is not closed, text follows a closing quote,
     *     or the text holds more than one record
     */
    public static Optional<List<String>> split(String line) {
        try (CSVParser parser = CSVParser.parse(line, ONE_LINE)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                return Optional.of(List.of(""));
            }
            List<String> cells = records.next().toList();
            return records.hasNext() ? Optional.empty() : Optional.of(cells);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
