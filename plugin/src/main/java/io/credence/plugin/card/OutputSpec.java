package io.credence.plugin.card;

/**
 * What the model's output means.
 *
 * @param name    the ONNX output name
 * @param index   column of the output row that holds the reported value (0 for a single
 *                sigmoid unit, 1 for the "bad" column of a two-class softmax)
 * @param meaning plain-language meaning, e.g. "probability of default within 12 months"
 */
public record OutputSpec(String name, int index, String meaning) {

    public OutputSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("output.name is required");
        }
        if (index < 0) {
            throw new IllegalArgumentException("output.index must be >= 0, was " + index);
        }
        if (meaning == null || meaning.isBlank()) {
            throw new IllegalArgumentException("output.meaning is required: say what the number means");
        }
    }
}
