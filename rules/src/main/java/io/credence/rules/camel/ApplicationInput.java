package io.credence.rules.camel;

import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * An application a channel has already read: the text to audit as received and the tree to decide.
 * The body for {@code credence:decide} from a channel that parses its own format (a CSV row: the
 * header and the record are audited, the mapped tree is decided).
 *
 * <pre>{@code
 * template.requestBody("credence:decide?channel=file&outputType=object", new ApplicationInput(raw, () -> columns.row(raw)));
 * }</pre>
 *
 * @param rawInput what the audit record keeps as received
 * @param tree     the application as a JSON tree; may throw
 *                 {@link io.credence.rules.service.input.InvalidApplicationException} (audited as a rejection)
 */
public record ApplicationInput(String rawInput, Supplier<JsonNode> tree) {

    public ApplicationInput {
        if (tree == null) {
            throw new IllegalArgumentException("tree is required: the application to decide (it may throw"
                    + " InvalidApplicationException for an input that cannot be read)");
        }
    }
}
