package io.credence.training.data;

import io.credence.plugin.card.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads delimited text with Apache Commons CSV (RFC 4180 quoting: fields may be wrapped in double
 * quotes, {@code ""} is a quote inside one, and a quoted field may hold the delimiter and line
 * breaks). Blank lines are skipped. Spaces around a cell are dropped; spaces inside quotes are
 * kept. A data row whose cell count differs from the header's is refused, naming the line the row
 * starts on. The {@code whitespace} format (UCI {@code .dat}) splits on runs of spaces and tabs and
 * has no quoting.
 *
 * <pre>{@code
 * CsvTable table = CsvReader.read(Path.of("german.csv"), CsvFormat.DEFAULT);
 * String firstCell = table.rows().get(0)[0];
 * }</pre>
 */
public final class CsvReader {

    private CsvReader() {
    }

    /** Reads a file. */
    public static CsvTable read(Path file, CsvFormat format) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file, e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString(), ModelCard.sha256(bytes), format, true);
    }

    /**
     * Reads a file, tolerating rows with the wrong number of cells (they are kept with the cells
     * they have; callers such as {@code score} report them per row).
     */
    public static CsvTable readLenient(Path file, CsvFormat format) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file, e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString(), ModelCard.sha256(bytes), format, false);
    }

    /** Parses text; {@code strict} refuses rows whose cell count differs from the header's. */
    public static CsvTable parse(String text, String source, String sha256, CsvFormat format, boolean strict) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> columns = format.header() ? null : format.columns();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        LineIndex index = new LineIndex(text);
        for (Row row : format.delimiter().equals("whitespace") ? whitespaceRows(text) : delimitedRows(text, format, source, index)) {
            String[] cells = row.cells();
            if (columns == null) {
                columns = header(cells, source);
                continue;
            }
            if (strict && cells.length != columns.size()) {
                throw new DataException(source + ": line " + row.line() + " has " + cells.length + " cells, expected "
                        + columns.size() + " (one per column " + (format.header() ? "of the header" : "of format.columns") + ")");
            }
            rows.add(cells);
            lineNumbers.add(row.line());
        }
        if (columns == null) {
            throw new DataException(source + ": the file is empty; expected a header row and data rows");
        }
        if (rows.isEmpty()) {
            throw new DataException(source + ": the file has no data rows"
                    + (format.header() ? " (only the header " + columns + ")" : ""));
        }
        return new CsvTable(source, sha256, columns, rows, lineNumbers.stream().mapToInt(Integer::intValue).toArray());
    }

    /** One record and the line it starts on (1-based). */
    private record Row(String[] cells, int line) {
    }

    private static List<String> header(String[] cells, String source) {
        List<String> columns = new ArrayList<>(List.of(cells));
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            if (name.isEmpty()) {
                throw new DataException(source + ": header column " + (c + 1) + " has no name");
            }
            if (!seen.add(name)) {
                throw new DataException(source + ": header names column '" + name + "' twice");
            }
        }
        return columns;
    }

    /**
     * Records of a one-character-delimited file, read by Commons CSV: quoted cells may hold the
     * delimiter, {@code ""} and line breaks; spaces around a cell are dropped, spaces inside quotes kept.
     */
    private static List<Row> delimitedRows(String text, CsvFormat format, String source, LineIndex index) {
        CSVFormat csv = CSVFormat.DEFAULT.builder()
                .setDelimiter(format.delimiter().charAt(0))
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<Row> rows = new ArrayList<>();
        long consumedLines = 0;
        try (CSVParser parser = CSVParser.parse(text, csv)) {
            for (CSVRecord record : parser) {
                consumedLines = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // a line of spaces only
                }
                rows.add(new Row(record.values(), index.lineAt(record.getCharacterPosition())));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(source + ": line " + index.firstNonBlankLineAfter(consumedLines)
                    + " has an unterminated quoted field");
        }
        return rows;
    }

    /** Records of a whitespace-separated file (UCI {@code .dat}): runs of spaces and tabs, no quoting. */
    private static List<Row> whitespaceRows(String text) {
        String[] lines = text.split("\r?\n|\r", -1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(new Row(lines[i].trim().split("[ \\t]+"), i + 1));
            }
        }
        return rows;
    }

    /** Maps a character position of the text to its line number (after {@code \r\n}, {@code \n} or {@code \r}). */
    private static final class LineIndex {

        private final String text;
        private final List<Integer> starts = new ArrayList<>();

        LineIndex(String text) {
            this.text = text;
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    starts.add(i + 1);
                }
            }
        }

        /** The line of the first non-blank character at or after {@code position} (a record's start skips blank lines). */
        int lineAt(long position) {
            int p = (int) position;
            while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
                p++;
            }
            int i = java.util.Collections.binarySearch(starts, p);
            return (i >= 0 ? i : -i - 2) + 1;
        }

        /** The first non-blank line after the first {@code lines} lines. */
        int firstNonBlankLineAfter(long lines) {
            int line = (int) Math.min(lines, starts.size() - 1);
            return lineAt(starts.get(line));
        }
    }
}
