package io.credence.rules.service.input;

/**
 * One way an input breaks the contract.
 *
 * @param field    where: a top-level field name, a dotted path such as {@code modelInputs.purpose},
 *                 or {@code $} for the input as a whole (e.g. malformed JSON)
 * @param value    the offending value as text, or null when the field is missing
 * @param expected what the contract expects there, in words
 *
 * <p>Control characters and unpaired surrogates in any of the three are written as visible
 * {@code \}{@code uXXXX} escapes ({@link VisibleText#escape}), so that a violation can be shown and
 * stored whatever the input held.
 */
public record Violation(String field, String value, String expected) {

    public Violation {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("violation field is required, was " + (field == null ? "null" : "blank"));
        }
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("violation of " + field + " needs an expectation");
        }
        field = VisibleText.escape(field);
        value = VisibleText.escape(value);
        expected = VisibleText.escape(expected);
    }

    /** The input as a whole, not one field. */
    public static final String WHOLE_INPUT = "$";

    /** One line for logs and audit errors: {@code termMonths: expected <= 480, was 999}. */
    @Override
    public String toString() {
        return field + ": expected " + expected + ", was " + (value == null ? "missing" : value);
    }
}
