package io.credence.plugin.drift;

/**
 * The population stability index of a live distribution against the training one, over the same
 * bins: {@code PSI = sum over bins of (a - e) * ln(a / e)}, {@code a} the live share and {@code e}
 * the training share of a bin. A bin empty on either side would make a term infinite, so every
 * share is first raised to at least {@link #EPSILON} (0.0001). Read it as: below 0.1 stable, 0.1
 * to 0.25 a moderate shift, above 0.25 a significant shift.
 *
 * <pre>{@code
 * double psi = Psi.of(new double[] {0.5, 0.5}, new long[] {70, 30});   // 0.1695
 * }</pre>
 */
public final class Psi {

    /** The floor of every share before the logarithm is taken. */
    public static final double EPSILON = 1e-4;
    /** Above this a shift is usually called significant. */
    public static final double SIGNIFICANT = 0.25;
    /** Below this a population is usually called stable. */
    public static final double STABLE = 0.1;

    private Psi() {
    }

    /** PSI of live shares against training shares (arrays of equal length). */
    public static double of(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("PSI needs the same bins on both sides: " + expected.length
                    + " training bins, " + actual.length + " live bins");
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], EPSILON);
            double a = Math.max(actual[i], EPSILON);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** PSI of live counts against training shares; NaN when there are no live counts. */
    public static double of(double[] expected, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        return of(expected, shares(counts, total));
    }

    /** Counts as shares of their total (all 0 when the total is 0). */
    public static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return shares(counts, total);
    }

    private static double[] shares(long[] counts, long total) {
        double[] out = new double[counts.length];
        if (total > 0) {
            for (int i = 0; i < counts.length; i++) {
                out[i] = (double) counts[i] / total;
            }
        }
        return out;
    }
}
