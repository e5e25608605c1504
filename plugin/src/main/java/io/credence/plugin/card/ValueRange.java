package io.credence.plugin.card;

/**
 * The raw values a numeric feature accepts, and what happens to one outside them.
 *
 * @param min        smallest accepted raw value (inclusive)
 * @param max        largest accepted raw value (inclusive)
 * @param outOfRange {@code reject} (the application cannot be scored) or {@code clip} (the
 *                   value is moved to the nearest bound)
 */
public record ValueRange(double min, double max, OutOfRange outOfRange) {

    /** What to do with a value outside [min, max]. */
    public enum OutOfRange { reject, clip }

    public ValueRange {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("range must have min <= max, was [" + min + ", " + max + "]");
        }
        if (outOfRange == null) {
            outOfRange = OutOfRange.reject;
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return "[" + format(min) + ", " + format(max) + "]";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
