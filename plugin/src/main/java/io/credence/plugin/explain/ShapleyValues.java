package io.credence.plugin.explain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shapley values of a cooperative game over {@code d} players, given the game's value on
 * coalitions written as bit masks (bit {@code i} set = player {@code i} takes the application's
 * value, clear = the reference applicant's). Pure arithmetic: the {@link Explainer} turns masks
 * into rows, scores them in one batched call and hands the values back.
 *
 * <pre>{@code
 * double[] phi = ShapleyValues.exact(d, v);          // v.length == 1 << d, v[mask]
 * ShapleyValues.Plan plan = ShapleyValues.plan(d, 64, seed);
 * double[] values = ...;                            // value of plan.mask(r) for every row r
 * ShapleyValues.Estimate e = plan.estimate(values); // e.phi(), e.error()
 * }</pre>
 */
final class ShapleyValues {

    /** Confidence of the stated error of an estimate (two-sided), see {@link Plan#estimate}. */
    static final double CONFIDENCE = 0.99;

    private ShapleyValues() {
    }

    /**
     * Exact Shapley values: {@code phi[i] = sum over S not containing i of |S|!(d-|S|-1)!/d! (v[S+i] - v[S])}.
     *
     * @param v the value of every coalition, indexed by mask ({@code 1 << d} entries)
     */
    static double[] exact(int d, double[] v) {
        if (v.length != 1 << d) {
            throw new IllegalArgumentException("expected " + (1 << d) + " coalition values for " + d + " players, got " + v.length);
        }
        double[] weight = new double[Math.max(d, 1)];
        for (int s = 0; s < d; s++) {
            // s! (d-s-1)! / d! = 1 / (d * C(d-1, s))
            weight[s] = 1.0 / (d * binomial(d - 1, s));
        }
        double[] phi = new double[d];
        for (int i = 0; i < d; i++) {
            int bit = 1 << i;
            double sum = 0;
            for (int mask = 0; mask < v.length; mask++) {
                if ((mask & bit) == 0) {
                    sum += weight[Integer.bitCount(mask)] * (v[mask | bit] - v[mask]);
                }
            }
            phi[i] = sum;
        }
        return phi;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int j = 1; j <= k; j++) {
            c = c * (n - k + j) / j;
        }
        return c;
    }

    /**
     * Which coalitions to evaluate for a permutation-sampling estimate: {@code pairs} random
     * orders of the players, each followed by its reverse (antithetic pairs), drawn from {@code seed}.
     * Every order walks from the empty coalition to the full one; coalitions two orders share
     * (the empty and full ones, most singletons) are evaluated once.
     */
    static Plan plan(int d, int pairs, long seed) {
        if (pairs < 2) {
            throw new IllegalArgumentException("an error estimate needs at least 2 antithetic pairs, got " + pairs);
        }
        if (d < 1 || d > 30) {
            throw new IllegalArgumentException("players must be 1..30, was " + d);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, Integer> rowOf = new HashMap<>();
        int capacity = 2 * pairs * d + 1;
        int[] masks = new int[capacity];
        int[] parent = new int[capacity];
        int[] added = new int[capacity];
        int rows = 0;
        masks[rows] = 0;
        parent[rows] = -1;
        added[rows] = -1;
        rowOf.put(0, rows++);
        int[][] orders = new int[2 * pairs][];
        int[][] prefixRows = new int[2 * pairs][];
        for (int p = 0; p < pairs; p++) {
            int[] order = new int[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            for (int i = d - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] reverse = new int[d];
            for (int i = 0; i < d; i++) {
                reverse[i] = order[d - 1 - i];
            }
            orders[2 * p] = order;
            orders[2 * p + 1] = reverse;
        }
        for (int o = 0; o < orders.length; o++) {
            int[] prefix = new int[d + 1];
            int mask = 0;
            prefix[0] = rowOf.get(0);
            for (int step = 0; step < d; step++) {
                mask |= 1 << orders[o][step];
                Integer row = rowOf.get(mask);
                if (row == null) {
                    masks[rows] = mask;
                    parent[rows] = prefix[step];
                    added[rows] = orders[o][step];
                    row = rows++;
                    rowOf.put(mask, row);
                }
                prefix[step + 1] = row;
            }
            prefixRows[o] = prefix;
        }
        return new Plan(d, pairs, Arrays.copyOf(masks, rows), Arrays.copyOf(parent, rows), Arrays.copyOf(added, rows),
                orders, prefixRows, rowOf.get((1 << d) - 1));
    }

    /** The coalitions of a sampling estimate (one row each) and how to combine their values. */
    static final class Plan {
        private final int d;
        private final int pairs;
        private final int[] masks;
        private final int[] parent;
        private final int[] added;
        private final int fullRow;
        private final int[][] orders;
        private final int[][] prefixRows;
        private final double quantile;

        private Plan(int d, int pairs, int[] masks, int[] parent, int[] added, int[][] orders, int[][] prefixRows,
                     int fullRow) {
            this.d = d;
            this.pairs = pairs;
            this.masks = masks;
            this.parent = parent;
            this.added = added;
            this.fullRow = fullRow;
            this.orders = orders;
            this.prefixRows = prefixRows;
            this.quantile = studentT((1 + CONFIDENCE) / 2, pairs - 1);
        }

        /** Rows to evaluate. Row 0 is the empty coalition; see {@link #fullRow()}. */
        int rows() {
            return masks.length;
        }

        /** The row of the full coalition (the application itself). */
        int fullRow() {
            return fullRow;
        }

        /**
         * An earlier row whose coalition is this row's without one player ({@link #added}), so
         * that a row is built as a copy of its parent plus one feature; -1 for row 0.
         */
        int parent(int row) {
            return parent[row];
        }

        /** The player this row adds to its {@link #parent}. */
        int added(int row) {
            return added[row];
        }

        int mask(int row) {
            return masks[row];
        }

        int pairs() {
            return pairs;
        }

        /**
         * The estimate from the value of every row. Each antithetic pair gives one independent
         * sample of every player's marginal contribution (the mean over its two orders); the
         * estimate is the mean over pairs, and the error is the half-width of a {@link #CONFIDENCE}
         * Student-t confidence interval, {@code t * sd / sqrt(pairs)}. Every order's contributions
         * add up to {@code v(full) - v(empty)}, so the estimate does too, exactly.
         */
        Estimate estimate(double[] values) {
            if (values.length != masks.length) {
                throw new IllegalArgumentException("expected " + masks.length + " values, got " + values.length);
            }
            double[] sum = new double[d];
            double[] sumSquares = new double[d];
            double[] sample = new double[d];
            for (int p = 0; p < pairs; p++) {
                Arrays.fill(sample, 0.0);
                for (int o = 2 * p; o <= 2 * p + 1; o++) {
                    int[] order = orders[o];
                    int[] prefix = prefixRows[o];
                    for (int step = 0; step < d; step++) {
                        sample[order[step]] += 0.5 * (values[prefix[step + 1]] - values[prefix[step]]);
                    }
                }
                for (int i = 0; i < d; i++) {
                    sum[i] += sample[i];
                    sumSquares[i] += sample[i] * sample[i];
                }
            }
            double[] phi = new double[d];
            double[] error = new double[d];
            for (int i = 0; i < d; i++) {
                phi[i] = sum[i] / pairs;
                double variance = Math.max(0.0, (sumSquares[i] - pairs * phi[i] * phi[i]) / (pairs - 1));
                error[i] = quantile * Math.sqrt(variance / pairs);
            }
            return new Estimate(phi, error);
        }
    }

    /** Estimated Shapley values and, per player, the half-width of their confidence interval. */
    record Estimate(double[] phi, double[] error) {
    }

    /**
     * The {@code p} quantile of Student's t with {@code nu} degrees of freedom (p in (0.5, 1)):
     * exact for 1 and 2 degrees of freedom, otherwise the Cornish-Fisher expansion around the
     * normal quantile (at p = 0.995: 0.8 % low for nu = 3, within 0.01 % from nu = 7).
     */
    static double studentT(double p, int nu) {
        if (nu == 1) {
            return Math.tan(Math.PI * (p - 0.5));
        }
        if (nu == 2) {
            double a = 4 * p * (1 - p);
            return 2 * (p - 0.5) * Math.sqrt(2 / a);
        }
        double z = normalQuantile(p);
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double z9 = z7 * z * z;
        return z + (z3 + z) / (4.0 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * nu * nu)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * nu * nu * nu)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160.0 * nu * nu * nu * nu);
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] e = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
