package io.credence.rules.service.input;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The canonical text of an application: what two inputs that mean the same application have in
 * common, so that a retry is recognised whatever its whitespace, key order or number spelling.
 * Object keys are sorted (by UTF-16 code units), arrays keep their order, numbers are written as
 * their exact decimal value without trailing zeros ({@code 1}, {@code 1.0} and {@code 1e0} are one
 * number), strings and literals as JSON writes them.
 *
 * <pre>{@code
 * String text = CanonicalInput.of(reader.parse(json));   // {"applicantAge":41,"applicationId":"A-1",...}
 * }</pre>
 */
public final class CanonicalInput {

    private CanonicalInput() {
    }

    public static String of(JsonNode tree) {
        StringBuilder out = new StringBuilder(256);
        write(tree, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(JsonNodeFactory.instance.stringNode(fields.get(i).getKey()));
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node));
        } else {
            // strings and booleans as JSON writes them (strings quoted and escaped)
            out.append(node);
        }
    }

    private static String number(JsonNode node) {
        BigDecimal value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        if (value.signum() == 0) {
            return "0";
        }
        // toString, not toPlainString: 1e999999999 stays a short text.
        return value.stripTrailingZeros().toString();
    }
}
