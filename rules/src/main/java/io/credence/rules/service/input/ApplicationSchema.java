package io.credence.rules.service.input;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The loan application JSON Schema ({@value #RESOURCE} on the classpath, a build copy of
 * {@code docs/application.schema.json}), compiled once; thread-safe.
 *
 * <pre>{@code
 * List<Violation> violations = ApplicationSchema.load().validate(tree);
 * }</pre>
 */
public final class ApplicationSchema {

    /** Classpath location of the schema. */
    public static final String RESOURCE = "io/credence/rules/service/input/application.schema.json";

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigInteger BEYOND_LONG = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    private static final String ANY_OF_TEXT =
            "a string (at most 256 characters), a number or an array of numbers (|x| <= 1e12)";

    private final Schema schema;
    private final String text;

    private ApplicationSchema(Schema schema, String text) {
        this.schema = schema;
        this.text = text;
    }

    /** The schema on the classpath. */
    public static ApplicationSchema load() {
        String text;
        try (InputStream in = ApplicationSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE
                        + " (the build copies docs/application.schema.json there)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        return new ApplicationSchema(registry.getSchema(text), text);
    }

    /** The schema text, e.g. to serve it. */
    public String text() {
        return text;
    }

    /** Every violation of the schema, in document order; empty when the input is valid. */
    public List<Violation> validate(JsonNode input) {
        Map<JsonNode, JsonNode> sent = new IdentityHashMap<>();
        JsonNode comparable = hasNumberBeyondLong(input) ? withStandIns(input, sent) : input;
        Set<Violation> violations = new LinkedHashSet<>();
        for (Error error : schema.validate(comparable)) {
            violations.add(toViolation(input, error, sent));
        }
        return new ArrayList<>(violations);
    }

    /**
     * The validator compares a decimal with an integer bound ({@code "minimum": 0} on an integer
     * field) as a {@code long}, and throws for one beyond the long range: {@code -1e308} as
     * {@code worstDelinquencyMonths} was an internal error instead of a violation. Every bound in
     * the schema lies far inside that range, so for validation such a number is replaced by the
     * integer just beyond it with the same sign (BigInteger, which the validator compares
     * exactly): it breaks the same bounds, and {@code sent} maps it back to the number as sent.
     */
    private static JsonNode withStandIns(JsonNode node, Map<JsonNode, JsonNode> sent) {
        if (isDecimalBeyondLong(node)) {
            BigInteger beyond = node.decimalValue().signum() < 0 ? BEYOND_LONG.negate() : BEYOND_LONG;
            JsonNode standIn = JsonNodeFactory.instance.numberNode(beyond);
            sent.put(standIn, node);
            return standIn;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), withStandIns(field.getValue(), sent)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(withStandIns(item, sent)));
            return copy;
        }
        return node;
    }

    private static boolean hasNumberBeyondLong(JsonNode node) {
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                if (hasNumberBeyondLong(child)) {
                    return true;
                }
            }
            return false;
        }
        return isDecimalBeyondLong(node);
    }

    /** A decimal outside the long range; BigDecimal compares exponents first, so 1e999999999 costs nothing. */
    private static boolean isDecimalBeyondLong(JsonNode node) {
        if (!node.isNumber() || node.isIntegralNumber()) {
            return false;
        }
        BigDecimal value = node.decimalValue();
        return value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0;
    }

    private static Violation toViolation(JsonNode root, Error error, Map<JsonNode, JsonNode> sent) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String path = dotted(error.getInstanceLocation());
        JsonNode schemaNode = error.getSchemaNode();
        JsonNode instance = asSent(error.getInstanceNode(), sent);
        if (error.getEvaluationPath().toString().contains("anyOf")) {
            // One violation for the value, not one per alternative it failed (only model inputs use anyOf).
            NodePath at = error.getInstanceLocation();
            int depth = at.getNameCount();
            while (depth > 0 && at.getElement(depth - 1) instanceof Integer) {
                depth--;   // an array item: report the whole value
            }
            JsonNode value = root;
            StringBuilder field = new StringBuilder();
            for (int i = 0; i < depth && value != null; i++) {
                value = value.get(at.getName(i));
                field.append(i == 0 ? "" : ".").append(at.getName(i));
            }
            return new Violation(orWhole(field.toString()), valueOf(value), ANY_OF_TEXT);
        }
        return switch (keyword) {
            case "required" -> new Violation(join(path, error.getProperty()), null, "a value (the field is required)");
            case "additionalProperties" -> {
                String field = join(path, error.getProperty());
                JsonNode value = instance == null ? null : asSent(instance.get(error.getProperty()), sent);
                yield new Violation(field, valueOf(value),
                        path.isEmpty()
                                ? "no such field: unknown top-level fields are rejected (model inputs go in modelInputs)"
                                : "no such field");
            }
            case "propertyNames" -> new Violation(join(path, error.getProperty()), error.getProperty(),
                    "a feature name matching ^[A-Za-z][A-Za-z0-9_]{0,63}$");
            case "type" -> new Violation(orWhole(path), valueOf(instance), typeText(schemaNode));
            case "minimum" -> new Violation(orWhole(path), valueOf(instance), ">= " + schemaNode.asString());
            case "maximum" -> new Violation(orWhole(path), valueOf(instance), "<= " + schemaNode.asString());
            case "minLength" -> new Violation(orWhole(path), valueOf(instance), "at least " + schemaNode.asString() + " character(s)");
            case "maxLength" -> new Violation(orWhole(path), valueOf(instance), "at most " + schemaNode.asString() + " characters");
            case "pattern" -> new Violation(orWhole(path), valueOf(instance), "text matching " + schemaNode.asString());
            case "enum" -> new Violation(orWhole(path), valueOf(instance), "one of " + enumText(schemaNode));
            case "maxItems" -> new Violation(orWhole(path), "array of " + instance.size(), "at most " + schemaNode.asString() + " items");
            case "minItems" -> new Violation(orWhole(path), "array of " + instance.size(), "at least " + schemaNode.asString() + " items");
            case "maxProperties" -> new Violation(orWhole(path), "object of " + instance.size() + " fields",
                    "at most " + schemaNode.asString() + " fields");
            case "anyOf" -> new Violation(orWhole(path), valueOf(instance), ANY_OF_TEXT);
            default -> new Violation(orWhole(path), valueOf(instance), error.getMessage());
        };
    }

    private static JsonNode asSent(JsonNode validated, Map<JsonNode, JsonNode> sent) {
        return validated == null ? null : sent.getOrDefault(validated, validated);
    }

    private static String typeText(JsonNode schemaNode) {
        String type = schemaNode == null ? "" : schemaNode.asString();
        return switch (type) {
            case "integer" -> "a whole number (JSON integer)";
            case "number" -> "a number";
            case "string" -> "text (JSON string)";
            case "object" -> "an object";
            case "array" -> "an array";
            default -> "a value of type " + schemaNode;
        };
    }

    private static String enumText(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asString()));
        return names.toString();
    }

    /** Values as text, shortened so a violation never echoes a huge input. */
    static String valueOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        String text = node.isString() ? node.asString() : node.toString();
        return text.length() > 100 ? text.substring(0, 100) + "... (" + text.length() + " characters)" : text;
    }

    private static String dotted(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }

    private static String join(String path, String property) {
        if (property == null) {
            return orWhole(path);
        }
        return path.isEmpty() ? property : path + "." + property;
    }

    private static String orWhole(String path) {
        return path.isEmpty() ? Violation.WHOLE_INPUT : path;
    }
}
