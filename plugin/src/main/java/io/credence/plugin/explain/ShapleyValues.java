package io.credence.plugin.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

    /** Candidate orders drawn per antithetic pair when the plan balances its orders. */
    static final int CANDIDATES = 64;

    /** {@link #plan(int, int, int, long)} without a row budget. */
    static Plan plan(int d, int pairs, long seed) {
        return plan(d, pairs, Integer.MAX_VALUE, seed);
    }

    /**
     * Which coalitions to evaluate for a permutation-sampling estimate: up to {@code pairs}
     * orders of the players, each followed by its reverse (antithetic pairs), drawn from {@code
     * seed}; fewer when the next pair would take the plan past {@code maxRows} distinct
     * coalitions, but never fewer than 2. Every order walks from the empty coalition to the full
     * one; coalitions two orders share (the empty and full ones, most singletons) are evaluated once.
     *
     * <p>An antithetic pair is exact for a game without interactions of more than two players:
     * player i's mean marginal contribution over an order and its reverse is a_i + sum_j b_ij / 2,
     * its Shapley value. What remains is the interactions of three or more; a three-player term
     * reaches i in such a pair unless i lies between the other two in the order. So each pair's
     * order is the one, of {@value #CANDIDATES} random candidates, that puts players between
     * other pairs most evenly given the orders already chosen (each player of every triple in the
     * middle as close to a third of the pairs as the candidates allow). That cancels much of the
     * three-player part, and makes the pairs negatively correlated, so the error {@link
     * Plan#estimate} states from their spread is, if anything, too large.
     */
    static Plan plan(int d, int pairs, int maxRows, long seed) {
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
        List<int[]> orders = new ArrayList<>();
        List<int[]> prefixRows = new ArrayList<>();
        // between[i][j][m], i < j: how many chosen orders put player m between players i and j
        int[][][] between = new int[d][d][d];
        for (int p = 0; p < pairs; p++) {
            int[] order = balancedOrder(d, random, between);
            int[] reverse = new int[d];
            for (int i = 0; i < d; i++) {
                reverse[i] = order[d - 1 - i];
            }
            // rows this pair adds, rolled back if it does not fit in the budget
            int before = rows;
            List<Integer> newMasks = new ArrayList<>();
            int[][] prefixes = new int[2][];
            int o = 0;
            for (int[] walk : new int[][] {order, reverse}) {
                int[] prefix = new int[d + 1];
                int mask = 0;
                prefix[0] = rowOf.get(0);
                for (int step = 0; step < d; step++) {
                    mask |= 1 << walk[step];
                    Integer row = rowOf.get(mask);
                    if (row == null) {
                        masks[rows] = mask;
                        parent[rows] = prefix[step];
                        added[rows] = walk[step];
                        row = rows++;
                        rowOf.put(mask, row);
                        newMasks.add(mask);
                    }
                    prefix[step + 1] = row;
                }
                prefixes[o++] = prefix;
            }
            if (rows > maxRows && p >= 2) {
                newMasks.forEach(rowOf::remove);
                rows = before;
                break;
            }
            count(order, between);
            orders.add(order);
            orders.add(reverse);
            prefixRows.add(prefixes[0]);
            prefixRows.add(prefixes[1]);
        }
        return new Plan(d, orders.size() / 2, Arrays.copyOf(masks, rows), Arrays.copyOf(parent, rows),
                Arrays.copyOf(added, rows), orders.toArray(new int[0][]), prefixRows.toArray(new int[0][]),
                rowOf.get((1 << d) - 1));
    }

    /** Of {@value #CANDIDATES} random orders, the one whose in-between players were in between least often so far. */
    private static int[] balancedOrder(int d, SplittableRandom random, int[][][] between) {
        int[] best = null;
        long bestScore = Long.MAX_VALUE;
        for (int c = 0; c < CANDIDATES; c++) {
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
            // every order has the same number of in-between triples, so the sum of what they
            // counted before is what the squared imbalance after adding this order depends on
            long score = 0;
            for (int a = 0; a < d; a++) {
                for (int b = a + 2; b < d; b++) {
                    int[] counts = between[Math.min(order[a], order[b])][Math.max(order[a], order[b])];
                    for (int m = a + 1; m < b; m++) {
                        score += counts[order[m]];
                    }
                }
            }
            if (score < bestScore) {
                bestScore = score;
                best = order;
            }
        }
        return best;
    }

    private static void count(int[] order, int[][][] between) {
        int d = order.length;
        for (int a = 0; a < d; a++) {
            for (int b = a + 2; b < d; b++) {
                int[] counts = between[Math.min(order[a], order[b])][Math.max(order[a], order[b])];
                for (int m = a + 1; m < b; m++) {
                    counts[order[m]]++;
                }
            }
        }
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
