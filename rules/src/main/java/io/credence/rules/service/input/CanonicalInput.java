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
                string(fields.get(i).getKey(), out);
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
            number(node, out);
        } else if (node.isString()) {
            string(node.stringValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            // anything else (binary, POJO) as JSON writes it
            out.append(node);
        }
    }

    private static void number(JsonNode node, StringBuilder out) {
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            long n = node.longValue();
            if (n % 10 != 0) {
                // What the BigDecimal below writes for an integer with no trailing zero, without it.
                out.append(n);
                return;
            }
        }
        BigDecimal value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        if (value.signum() == 0) {
            out.append('0');
            return;
        }
        // toString, not toPlainString: 1e999999999 stays a short text.
        out.append(value.stripTrailingZeros().toString());
    }

    /**
     * A string (value or key) as Jackson writes it. Most need no escape and are copied between
     * quotes here; one that does goes through Jackson, so that the text stays what it always was.
     */
    private static void string(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                out.append(JsonNodeFactory.instance.stringNode(s));
                return;
            }
        }
        out.append('"').append(s).append('"');
    }
}
