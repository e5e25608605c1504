package io.credence.training.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A delimited file as read: column names, the cells of each data row (trimmed) and the file's SHA-256.
 *
 * @param source  the file name, for messages and the model card
 * @param sha256  SHA-256 of the file's bytes, lower-case hex
 * @param columns column names in file order
 * @param rows    cells per data row; every row has exactly {@code columns.size()} cells
 * @param lines   1-based file line of each data row, for messages
 */
public record CsvTable(String source, String sha256, List<String> columns, List<String[]> rows, int[] lines) {

    public CsvTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("lines must have one entry per row");
        }
    }

    /** Index of a column, or -1. */
    public int indexOf(String column) {
        return columns.indexOf(column);
    }

    /** Column name to index. */
    public Map<String, Integer> index() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i), i);
        }
        return map;
    }

    public int size() {
        return rows.size();
    }
}
