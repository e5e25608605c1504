package io.credence.rules.service.input;

/**
 * The one bound on how numbers are spelt: a decimal exponent of at most {@value #MAX_EXPONENT} in
 * magnitude, checked on the text before any {@code BigDecimal} exists.
 *
 * <pre>{@code
 * if (NumberLimits.exponentTooLarge("1e2147483648")) {
 *     throw new InvalidApplicationException(List.of(NumberLimits.violation("monthlyIncome", "1e2147483648")));
 * }
 * }</pre>
 *
 * <p>Why: a {@code BigDecimal}'s scale is an {@code int}, so {@code 1e2147483648} cannot be read
 * as one at all (Jackson throws a {@code NumberFormatException} where a 400 belongs). Exponents up
 * to the bound are read and compared cheaply, and the schema reports them as out of range
 * ({@code 1e999999999} is "{@code <= 130}" for an age); code that works on such numbers keeps to
 * cheap operations (no integer check through {@code toBigIntegerExact}).
 */
public final class NumberLimits {

    /** Largest decimal exponent (either sign) a number may be written with. */
    public static final int MAX_EXPONENT = 999_999_999;

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
