package io.credence.plugin.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One RFC 4180 record on one line: comma-separated cells, {@code "quoted, cells"} and {@code ""} escapes. */
public final class CsvRecord {

    private CsvRecord() {
    }

    /**
     * Splits one line into its cells (not trimmed).
     *
     * @return the cells, or empty when a quoted cell is not closed on the line
     */
    public static Optional<List<String>> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        cells.add(cell.toString());
        return Optional.of(cells);
    }
}
