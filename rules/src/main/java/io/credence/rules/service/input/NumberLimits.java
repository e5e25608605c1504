package io.credence.rules.service.input;

/**
 * The one bound on how numbers are spelt: a decimal exponent of at most {@value #MAX_EXPONENT} in
 * magnitude. Checked on the text, before any {@code BigDecimal} exists.
 *
 * <pre>{@code
 * if (NumberLimits.exponentTooLarge("1e999999999")) {
 *     throw new InvalidApplicationException(List.of(NumberLimits.violation("applicantAge", "1e999999999")));
 * }
 * }</pre>
 *
 * <p>Why: {@code 1e999999999} is eleven characters, and {@code new BigDecimal} reads it at once,
 * but exact arithmetic on it (an integer check, {@code toBigIntegerExact}, a plain-text rendering)
 * builds a number of a billion digits: minutes of CPU, or an {@code ArithmeticException} where a
 * 400 belongs. No field of an application comes near the bound ({@code |x| <= 1e12}), so a number
 * beyond it is rejected as soon as it is read; {@code 1e400} is still read and reported by the
 * schema as out of range.
 */
public final class NumberLimits {

    /** Largest decimal exponent (either sign) a number may be written with. */
    public static final int MAX_EXPONENT = 1000;

    private NumberLimits() {
    }

    /**
     * True when {@code number}, a JSON or CSV number spelling such as {@code -1.5E+12}, has an
     * exponent part beyond ±{@value #MAX_EXPONENT}. Text without an exponent part is never too large
     * here (its length is bounded by the parser).
     */
    public static boolean exponentTooLarge(CharSequence number) {
        int e = -1;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                e = i;
                break;
            }
        }
        if (e < 0) {
            return false;
        }
        int i = e + 1;
        if (i < number.length() && (number.charAt(i) == '+' || number.charAt(i) == '-')) {
            i++;
        }
        while (i < number.length() && number.charAt(i) == '0') {
            i++;
        }
        long exponent = 0;
        for (; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;   // not a number at all: whoever parses it reports that
            }
            exponent = exponent * 10 + (c - '0');
            if (exponent > MAX_EXPONENT) {
                return true;
            }
        }
        return false;
    }

    /** The violation for a number beyond the bound, naming the field and the text as written. */
    public static Violation violation(String field, String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return new Violation(field, shown, "a number with a decimal exponent between -" + MAX_EXPONENT
                + " and " + MAX_EXPONENT);
    }
}
