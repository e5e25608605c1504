package io.credence.rules.service.input;

import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns input text into a {@link LoanApplication}: strict JSON parsing, then the schema, then
 * the typed fields. Thread-safe.
 *
 * <pre>{@code
 * ApplicationReader reader = new ApplicationReader(ApplicationSchema.load());
 * LoanApplication application = reader.read(json);   // or InvalidApplicationException with every violation
 * }</pre>
 *
 * <p>Strict means: one JSON value and nothing after it, no duplicate keys, no NaN or Infinity
 * literals, no comments, at most {@value #MAX_NESTING} levels of nesting; decimals are read
 * exactly (BigDecimal), so {@code 1e400} is reported as out of range instead of becoming
 * Infinity. No string value or field name may hold a control character or an unpaired
 * surrogate, escaped or not ({@link VisibleText}): the parser reads them, so that the violation
 * names the field, and the reader refuses them. A number written with an exponent beyond
 * ±{@value NumberLimits#MAX_EXPONENT} ({@code 1e2147483648}) is rejected as it is read, naming its
 * field, before any BigDecimal of it exists ({@link NumberLimits}).
 */
public final class ApplicationReader {

    /** Deepest nesting a valid application needs is 3; anything far deeper is an attack or a mistake. */
    static final int MAX_NESTING = 16;

    private final ApplicationSchema schema;
    private final JsonMapper mapper;

    public ApplicationReader(ApplicationSchema schema) {
        this.schema = schema;
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Read, then refused by invisibleText with the field named, rather than "malformed at column 87".
                .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The mapper input is parsed with, shared with CSV conversion. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** Parses and validates JSON text. */
    public LoanApplication read(String json) {
        return toApplication(parse(json));
    }

    /** Parses JSON text into a tree, reporting malformed JSON with line and column. */
    public JsonNode parse(String json) {
        try (JsonParser parser = new BoundedNumbers(mapper.createParser(json))) {
            // readTree(JsonParser) checks trailing tokens (FAIL_ON_TRAILING_TOKENS) as readTree(String) does
            JsonNode tree = mapper.readTree(parser);
            return tree == null ? mapper.missingNode() : tree;
        } catch (JacksonException e) {
            throw new InvalidApplicationException(List.of(malformed(e)));
        }
    }

    /**
     * Refuses a decimal whose exponent is beyond {@link NumberLimits#MAX_EXPONENT} on its text,
     * before Jackson turns it into a BigDecimal (or fails to: {@code 1e2147483648}).
     */
    private static final class BoundedNumbers extends JsonParserDelegate {

        BoundedNumbers(JsonParser parser) {
            super(parser);
        }

        private void check() {
            if (delegate.currentToken() == JsonToken.VALUE_NUMBER_FLOAT && NumberLimits.exponentTooLarge(delegate.getString())) {
                throw new InvalidApplicationException(List.of(NumberLimits.violation(path(delegate.streamReadContext()),
                        delegate.getString())));
            }
        }

        @Override
        public BigDecimal getDecimalValue() {
            check();
            return super.getDecimalValue();
        }

        @Override
        public double getDoubleValue() {
            check();
            return super.getDoubleValue();
        }

        @Override
        public Number getNumberValue() {
            check();
            return super.getNumberValue();
        }

        @Override
        public Number getNumberValueExact() {
            check();
            return super.getNumberValueExact();
        }

        @Override
        public Object getNumberValueDeferred() {
            check();
            return super.getNumberValueDeferred();
        }

        /** The field as violations name it: {@code modelInputs.history}, or {@code $}. */
        private static String path(TokenStreamContext context) {
            List<TokenStreamContext> chain = new ArrayList<>();
            for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                chain.add(0, c);
            }
            StringBuilder out = new StringBuilder();
            for (TokenStreamContext c : chain) {
                if (!c.inArray()) {  // an array item is named by its array, as the schema names it
                    out.append(out.isEmpty() ? "" : ".").append(c.currentName());
                }
            }
            return out.isEmpty() ? Violation.WHOLE_INPUT : out.toString();
        }
    }

    /**
     * Checks that no text in the tree holds control characters or unpaired surrogates, validates
     * it against the schema, and builds the application.
     */
    public LoanApplication toApplication(JsonNode tree) {
        List<Violation> violations = new ArrayList<>();
        invisibleText(tree, "", violations);
        Set<String> reported = new HashSet<>();
        violations.forEach(v -> reported.add(v.field()));
        for (Violation v : schema.validate(tree)) {
            if (!reported.contains(v.field())) {  // one violation for such a value, the one that says why
                violations.add(v);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidApplicationException(violations);
        }
        return new LoanApplication(
                tree.get("applicationId").asString(),
                tree.get("applicantAge").intValue(),
                tree.get("monthlyIncome").doubleValue(),
                tree.get("monthlyDebtPayments").doubleValue(),
                tree.get("requestedAmount").doubleValue(),
                tree.get("termMonths").intValue(),
                EmploymentStatus.valueOf(tree.get("employmentStatus").asString()),
                tree.get("worstDelinquencyMonths").intValue(),
                modelInputs(tree.get("modelInputs")),
                repaymentHistory(tree.get("repaymentHistory")));
    }

    /** The months of a (valid) {@code repaymentHistory}, oldest first; empty when there is none. */
    private static List<io.credence.rules.application.RepaymentMonth> repaymentHistory(JsonNode history) {
        List<io.credence.rules.application.RepaymentMonth> months = new ArrayList<>();
        if (history != null) {
            history.forEach(m -> months.add(new io.credence.rules.application.RepaymentMonth(m.get("status").intValue(),
                    m.get("billAmount").doubleValue(), m.get("paymentAmount").doubleValue())));
        }
        return months;
    }

    /**
     * The applicationId of an input when it is a usable one (what the schema allows: 1 to 64 of
     * {@code A-Z a-z 0-9 . _ : -}, starting with a letter or digit), for the audit record of a
     * rejection and the idempotency key; null otherwise, so that no stored column or key ever holds
     * a value the schema refuses.
     */
    public static String applicationIdOf(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode id = tree.get("applicationId");
        if (id == null || !id.isString() || !USABLE_ID.matcher(id.asString()).matches()) {
            return null;
        }
        return id.asString();
    }

    private static final java.util.regex.Pattern USABLE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private static Map<String, Object> modelInputs(JsonNode inputs) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (inputs == null) {
            return values;
        }
        for (Map.Entry<String, JsonNode> field : inputs.properties()) {
            JsonNode v = field.getValue();
            if (v.isArray()) {
                List<Double> sequence = new ArrayList<>(v.size());
                v.forEach(item -> sequence.add(item.doubleValue()));
                values.put(field.getKey(), sequence);
            } else if (v.isNumber()) {
                values.put(field.getKey(), v.doubleValue());
            } else {
                values.put(field.getKey(), v.asString());
            }
        }
        return values;
    }

    /**
     * Every string value and field name, at any depth, with a control character (U+0000–U+001F,
     * U+007F–U+009F; tab and line breaks included) or an unpaired surrogate: none is ever part
     * of a valid application, and PostgreSQL cannot even store U+0000.
     */
    private static void invisibleText(JsonNode node, String path, List<Violation> out) {
        if (node.isString()) {
            String text = node.asString();
            int at = VisibleText.indexOfInvisible(text);
            if (at >= 0) {
                out.add(new Violation(orWhole(path), ApplicationSchema.valueOf(node),
                        "text without " + invisible(text, at)));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                String child = path.isEmpty() ? name : path + "." + name;
                int at = VisibleText.indexOfInvisible(name);
                if (at >= 0) {
                    out.add(new Violation(child, name, "a field name without " + invisible(name, at)));
                } else {
                    invisibleText(field.getValue(), child, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                invisibleText(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** {@code control characters (found U+0000 at position 3)}; positions count characters from 1. */
    private static String invisible(String text, int index) {
        char c = text.charAt(index);
        return (Character.isSurrogate(c) ? "unpaired surrogates" : "control characters") + " (found "
                + VisibleText.codePoint(c) + " at position " + (index + 1) + ")";
    }

    private static String orWhole(String path) {
        return path.isEmpty() ? Violation.WHOLE_INPUT : path;
    }

    private static Violation malformed(JacksonException e) {
        String message = e.getOriginalMessage();
        String what = message != null && message.toLowerCase(Locale.ROOT).contains("non-standard token")
                ? "a finite JSON number (NaN and Infinity are not JSON): " + firstSentence(message)
                : firstSentence(message);
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new Violation(Violation.WHOLE_INPUT, null, "well-formed JSON (" + what + where + ")");
    }

    /** Jackson's messages end in hints about its own configuration, which mean nothing to a caller. */
    private static String firstSentence(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String text = message.replace('\n', ' ');
        int hint = text.indexOf(": enable ");
        if (hint < 0) {
            hint = text.indexOf("; enable ");
        }
        return hint > 0 ? text.substring(0, hint) : text;
    }
}
