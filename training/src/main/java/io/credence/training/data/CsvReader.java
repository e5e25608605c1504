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

/**
 * Reads delimited text (RFC 4180 quoting: fields may be wrapped in double quotes, {@code ""} is a
 * quote inside one). Blank lines are skipped. A data row whose cell count differs from the
 * header's is refused, naming the line.
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
        String[] lines = text.split("\r?\n|\r", -1);
        List<String> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        if (!format.header()) {
            columns = format.columns();
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line, format.delimiter(), source, i + 1);
            if (columns == null) {
                columns = new ArrayList<>(List.of(cells));
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
                continue;
            }
            if (strict && cells.length != columns.size()) {
                throw new DataException(source + ": line " + (i + 1) + " has " + cells.length + " cells, expected "
                        + columns.size() + " (one per column " + (format.header() ? "of the header" : "of format.columns") + ")");
            }
            rows.add(cells);
            lineNumbers.add(i + 1);
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

    static String[] split(String line, String delimiter, String source, int lineNo) {
        if (delimiter.equals("whitespace")) {
            return line.trim().split("[ \\t]+");
        }
        char d = delimiter.charAt(0);
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (ch == d) {
                cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
                cell.setLength(0);
                wasQuoted = false;
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DataException(source + ": line " + lineNo + " has an unterminated quoted field");
        }
        cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
        return cells.toArray(String[]::new);
    }
}
