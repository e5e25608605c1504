package io.credence.plugin.encode;

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
     * Encoded values by column name, in column order, for audit records: an unmodifiable view
     * over the encoded arrays (nothing is copied until a value is looked up by name). Sequence
     * channels appear as {@code name[t]} with t = 0 for the oldest step.
     */
    public Map<String, Float> byColumn() {
        return new EncodedColumns(this);
    }
}
