package io.credence.plugin.encode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One application encoded for one model: a float array per ONNX input, in card order.
 *
 * @param inputNames ONNX input names
 * @param values     encoded values per input (tabular: width floats; sequence: steps x width, step-major)
 * @param columns    encoded column names per input (for a sequence input, one per channel)
 */
public record EncodedApplication(List<String> inputNames, List<float[]> values, List<List<String>> columns) {

    public EncodedApplication {
        inputNames = List.copyOf(inputNames);
        values = List.copyOf(values);
        columns = List.copyOf(columns);
    }

    /**
     * Encoded values by column name, for audit records. Sequence channels appear as
     * {@code name[t]} with t = 0 for the oldest step.
     */
    public Map<String, Float> byColumn() {
        Map<String, Float> result = new LinkedHashMap<>();
        for (int i = 0; i < inputNames.size(); i++) {
            List<String> names = columns.get(i);
            float[] row = values.get(i);
            if (row.length == names.size()) {
                for (int c = 0; c < names.size(); c++) {
                    result.put(names.get(c), row[c]);
                }
            } else {
                int steps = row.length / names.size();
                for (int c = 0; c < names.size(); c++) {
                    for (int t = 0; t < steps; t++) {
                        result.put(names.get(c) + "[" + t + "]", row[t * names.size() + c]);
                    }
                }
            }
        }
        return result;
    }
}
