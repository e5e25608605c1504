package io.credence.plugin.explain;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.MissingValue;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.runtime.ModelSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Attributes a model's score to its business features against the card's reference applicant.
 * All perturbed inputs of one application go to ONNX Runtime in one batched call. Thread-safe.
 *
 * <pre>{@code
 * Explainer explainer = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY);
 * Explanation why = explainer.explain(FeatureLookup.of(application));
 * why.topAdverse(4);
 * }</pre>
 */
public final class Explainer {

    /** Permutations for Shapley sampling (in antithetic pairs). */
    public static final int SHAPLEY_PERMUTATIONS = 8;
    private static final long PERMUTATION_SEED = 20261129L;
    /**
     * k: baseline Shapley values are computed exactly (2^d rows) when at most this many features
     * differ from the reference applicant; past it, an estimate of at most {@link #ESTIMATE_MAX_ROWS}
     * rows. On the German file k = 9 with a 640-row estimate keeps the faithfulness targets (top-4
     * 99.0 %, top-1 99.6 %, the same applications as with 1,024 rows) and costs 1.7 x a whole
     * decision at d = 10, where exact values (k = 10, top-4 99.1 %) cost 4.4 x; a 512-row estimate
     * gave 98.6 %. The measurements, with their commands: docs/explanations.md ("Choosing k").
     */
    public static final int EXACT_MAX_FEATURES = 9;
    /**
     * Rows an estimate of the default explainer scores at most (one batched call): what keeps an
     * explanation within 3 x a whole decision for every d up to 18 (the estimate's cost grows with
     * its rows; at 1,024 rows, d = 14 took 3.0 x and d = 18 would take more). 640 rows are 32
     * antithetic pairs up to d = 14 and 18 to 24 pairs above it.
     */
    public static final int ESTIMATE_MAX_ROWS = 640;
    /** Antithetic pairs of orders the baseline Shapley estimate samples when more features differ. */
    public static final int SAMPLED_PAIRS = 32;

    /** Batches up to this many rows are built in reused buffers (the largest exact explanation at the default k). */
    static final int REUSED_ROWS = 1 << 10;

    private final ModelSession session;
    private final ModelCard card;
    private final ExplanationMethod method;
    /**
     * What an explanation attributes to (the Shapley players), in slot order: each business
     * feature of the card, a sequence channel's whole history being one (as a categorical
     * feature's one-hot columns are one). An adverse channel is then named by its most adverse
     * step ({@link #adverseSteps}), so a reason can say which month: {@code repaymentStatus[5]}.
     */
    private final List<Explained> features;
    private final Map<String, Object> referenceRaw;
    /** The reference applicant encoded, one array per input. */
    private final float[][] reference;
    /** Floats per row, per input. */
    private final int[] floatsPerRow;
    /** Per business feature, the float slots it fills: input {@code slotInput[k][j]}, position {@code slotPosition[k][j]} in the row. */
    private final int[][] slotInput;
    private final int[][] slotPosition;
    private final int[][] permutations;
    /** Sampling plans of {@link ExplanationMethod#BASELINE_SHAPLEY}, by number of differing features, made on first use. */
    private final AtomicReferenceArray<ShapleyValues.Plan> plans;
    private final int sampledPairs;
    private final int exactMaxFeatures;
    /** Rows an estimate may score at most. */
    private final int estimateMaxRows;
    /**
     * Row buffers of {@link #REUSED_ROWS} rows, reused by explanations on any thread: a fresh
     * 1,024-row buffer per explanation cost about a tenth of an exact explanation at d = 10
     * (allocation, zeroing, and writes to memory not yet in cache; docs/explanations.md, "Cost").
     * At most one per explanation running at once.
     */
    private final ConcurrentLinkedDeque<float[][]> rowBuffers = new ConcurrentLinkedDeque<>();

    public Explainer(ModelSession session, ExplanationMethod method) {
        this(session, method, EXACT_MAX_FEATURES, SAMPLED_PAIRS, ESTIMATE_MAX_ROWS);
    }

    /**
     * An explainer with its own trade-off between cost and accuracy for {@link
     * ExplanationMethod#BASELINE_SHAPLEY}: exact up to {@code exactMaxFeatures} differing features
     * (2^that rows), otherwise {@code sampledPairs} antithetic pairs of orders. The other methods
     * ignore both.
     */
    public Explainer(ModelSession session, ExplanationMethod method, int exactMaxFeatures, int sampledPairs) {
        this(session, method, exactMaxFeatures, sampledPairs, 1 << exactMaxFeatures);
    }

    /**
     * As {@link #Explainer(ModelSession, ExplanationMethod, int, int)}, with the estimate's own row
     * budget: at most {@code estimateMaxRows} rows (1 to {@value #REUSED_ROWS}) for an explanation past
     * {@code exactMaxFeatures} (the 4-argument form gives it 2^exactMaxFeatures: an estimate never
     * costs more than exact values at the limit).
     */
    public Explainer(ModelSession session, ExplanationMethod method, int exactMaxFeatures, int sampledPairs,
                     int estimateMaxRows) {
        if (estimateMaxRows < 2 || estimateMaxRows > REUSED_ROWS) {
            throw new IllegalArgumentException("estimateMaxRows must be 2.." + REUSED_ROWS + ", was " + estimateMaxRows);
        }
        this.estimateMaxRows = estimateMaxRows;
        if (exactMaxFeatures < 0 || exactMaxFeatures > 20) {
            throw new IllegalArgumentException("exactMaxFeatures must be 0..20 (2^n rows in one call), was " + exactMaxFeatures);
        }
        if (sampledPairs < 2) {
            throw new IllegalArgumentException("sampledPairs must be at least 2 (an error estimate needs two samples), was "
                    + sampledPairs);
        }
        this.exactMaxFeatures = exactMaxFeatures;
        this.session = session;
        this.card = session.card();
        this.method = method;
        this.features = explained(card);
        this.referenceRaw = referenceApplicant(card);
        EncodedApplication encodedReference;
        try {
            encodedReference = new FeatureEncoder(card).encode(name ->
                    referenceRaw.containsKey(name) ? referenceRaw.get(name) : FeatureSource.ABSENT);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("model " + card.id() + ": the reference applicant cannot be encoded: "
                    + e.getMessage(), e);
        }
        this.reference = encodedReference.values().toArray(new float[0][]);
        this.floatsPerRow = new int[reference.length];
        for (int i = 0; i < reference.length; i++) {
            floatsPerRow[i] = reference[i].length;
        }
        int[][][] slots = slots(card);
        this.slotInput = new int[slots.length][];
        this.slotPosition = new int[slots.length][];
        for (int k = 0; k < slots.length; k++) {
            int n = 0;
            for (int[] positions : slots[k]) {
                n += positions.length;
            }
            slotInput[k] = new int[n];
            slotPosition[k] = new int[n];
            int j = 0;
            for (int i = 0; i < slots[k].length; i++) {
                for (int pos : slots[k][i]) {
                    slotInput[k][j] = i;
                    slotPosition[k][j++] = pos;
                }
            }
        }
        this.permutations = permutations(features.size());
        this.plans = new AtomicReferenceArray<>(features.size() + 1);
        this.sampledPairs = sampledPairs;
    }

    public ExplanationMethod method() {
        return method;
    }

    /** The reference applicant's raw values, by feature. */
    public Map<String, Object> referenceApplicant() {
        return referenceRaw;
    }

    /** Explains one application (encodes it with the card, then one batched ONNX Runtime call). */
    public Explanation explain(FeatureSource source) {
        return explain(session.encoder().encode(source), source);
    }

    /** Explains an application already encoded; {@code raw} supplies the raw values shown in the explanation. */
    public Explanation explain(EncodedApplication x, FeatureSource raw) {
        int g = features.size();
        // A feature at its reference value changes nothing when it is swapped: its rows would be
        // copies of rows already scored, so they are not scored again (contribution exactly 0).
        float[][] xs = x.values().toArray(new float[0][]);
        boolean[] atReference = new boolean[g];
        for (int k = 0; k < g; k++) {
            atReference[k] = sameAt(xs, reference, k);
        }
        Computed c = switch (method) {
            case OCCLUSION -> occlusion(xs, g, atReference);
            case SHAPLEY_SAMPLING -> shapleySampling(xs, g, atReference);
            case BASELINE_SHAPLEY -> baselineShapley(xs, g, atReference);
        };
        double[] contribution = new double[g];
        for (int k = 0; k < g; k++) {
            contribution[k] = Math.abs(c.contribution[k]) <= FeatureAttribution.EPSILON ? 0.0 : c.contribution[k];
        }
        int[] step = adverseSteps(xs, contribution);
        List<FeatureAttribution> attributions = new ArrayList<>(g);
        for (int k = 0; k < g; k++) {
            Explained f = features.get(k);
            Object value = raw == null ? null : raw.feature(f.spec().name());
            attributions.add(new FeatureAttribution(f.name(step[k]), f.description(step[k]),
                    f.at(value == FeatureSource.ABSENT ? null : value, step[k]),
                    f.at(referenceRaw.get(f.spec().name()), step[k]), contribution[k], c.error[k]));
        }
        attributions.sort(Comparator.comparingDouble(FeatureAttribution::contribution).reversed()
                .thenComparing(FeatureAttribution::feature));
        return new Explanation(card.name(), card.version(), method, c.exact, c.score, c.referenceScore, attributions);
    }

    /**
     * Per player, the step that names it (-1: none): for a sequence channel whose whole history
     * raised the risk, its most adverse step. The channel's differing steps are added back one at a
     * time to the application with that channel at the reference applicant's history, oldest
     * first and newest first (an antithetic pair of orders: exact Shapley values within the
     * channel for any model without interactions of three or more of its steps), the rest of the
     * application as it is; the step with the largest mean marginal contribution names it (the
     * later step on a tie). One batched call of at most 2 x steps rows per adverse channel, none
     * when no channel is adverse.
     */
    private int[] adverseSteps(float[][] x, double[] contribution) {
        int g = features.size();
        int[] step = new int[g];
        Arrays.fill(step, -1);
        int needed = 0;
        for (int k = 0; k < g; k++) {
            if (features.get(k).steps() > 0 && contribution[k] > 0) {
                needed += features.get(k).steps();
            }
        }
        if (needed == 0) {
            return step;
        }
        // x is row 0; per adverse channel: x with the channel at the reference, then its differing
        // steps added back one at a time oldest first, and again newest first (the last row of each
        // order would be x itself)
        Rows rows = new Rows(1 + 2 * needed);
        rows.add(x);
        int[][] forward = new int[g][];
        int[][] backward = new int[g][];
        int[][] order = new int[g][];
        for (int k = 0; k < g; k++) {
            if (features.get(k).steps() == 0 || contribution[k] <= 0) {
                continue;
            }
            int[] differing = new int[features.get(k).steps()];
            int m = 0;
            for (int t = 0; t < differing.length; t++) {
                if (!rows.sameSlot(x, reference, k, t)) {
                    differing[m++] = t;
                }
            }
            if (m == 0) {
                continue; // at the reference throughout: it raised nothing
            }
            order[k] = Arrays.copyOf(differing, m);
            int start = rows.add(x);
            rows.substitute(start, reference, k);
            forward[k] = pathRows(rows, x, k, start, order[k], false);
            backward[k] = pathRows(rows, x, k, start, order[k], true);
        }
        double[] logit = score(rows)[1];
        for (int k = 0; k < g; k++) {
            if (order[k] == null) {
                continue;
            }
            int m = order[k].length;
            double[] value = new double[m];
            for (int i = 0; i < m; i++) {
                // forward: step i is added after steps 0..i-1; backward: after steps m-1..i+1
                double before = logit[forward[k][i]];
                double after = i == m - 1 ? logit[0] : logit[forward[k][i + 1]];
                value[i] += 0.5 * (after - before);
                int j = m - 1 - i;
                before = logit[backward[k][j]];
                after = j == m - 1 ? logit[0] : logit[backward[k][j + 1]];
                value[i] += 0.5 * (after - before);
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                if (value[i] >= best) {
                    best = value[i];
                    step[k] = order[k][i];
                }
            }
        }
        return step;
    }

    /**
     * The rows of one order through a channel's differing steps: entry i is the row before step
     * {@code steps[i]} (oldest first, or newest first when {@code reversed}; entry i of the
     * reversed order is before {@code steps[m - 1 - i]}) is added; entry 0 is {@code start}.
     */
    private static int[] pathRows(Rows rows, float[][] x, int feature, int start, int[] steps, boolean reversed) {
        int m = steps.length;
        int[] before = new int[m];
        before[0] = start;
        for (int i = 1; i < m; i++) {
            before[i] = rows.copyOf(before[i - 1]);
            rows.setSlot(before[i], x, feature, reversed ? steps[m - i] : steps[i - 1]);
        }
        return before;
    }

    /** What one method computed: per feature a contribution and its stated error, and the two scores. */
    private record Computed(double[] contribution, double[] error, boolean exact, double score, double referenceScore) {
    }

    /** Scores the rows in one batched ONNX Runtime call; returns probabilities and their log-odds. */
    private double[][] score(Rows rows) {
        double[] p;
        try {
            p = session.scoreBuffers(List.of(rows.buffers), rows.count);
        } finally {
            rows.release();
        }
        double[] logit = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            logit[r] = logit(p[r]);
        }
        return new double[][] {p, logit};
    }

    private Computed occlusion(float[][] x, int g, boolean[] atReference) {
        int[] rowOf = new int[g];
        double[][] scored = score(occlusionRows(x, g, atReference, rowOf));
        double[] logit = scored[1];
        double[] contribution = new double[g];
        // row 0 = x, row 1 = reference, row rowOf[k] = x with feature k at the reference value
        for (int k = 0; k < g; k++) {
            contribution[k] = atReference[k] ? 0.0 : logit[0] - logit[rowOf[k]];
        }
        // Occlusion is not an estimate of Shapley values, so it states no error.
        double[] error = new double[g];
        Arrays.fill(error, Double.NaN);
        return new Computed(contribution, error, false, scored[0][0], scored[0][1]);
    }

    private Computed shapleySampling(float[][] x, int g, boolean[] atReference) {
        double[][] scored = score(shapleyRows(x, g, atReference));
        double[] logit = scored[1];
        // row 0 = reference, row 1 = x; then per permutation one row for each of the first g-1
        // steps that changes the row (a feature at its reference value leaves it as it was)
        double[][] perPair = new double[permutations.length / 2][g];
        int row = 2;
        for (int p = 0; p < permutations.length; p++) {
            int[] perm = permutations[p];
            double previous = logit[0];
            for (int step = 0; step < g; step++) {
                double current = step == g - 1 ? logit[1] : atReference[perm[step]] ? previous : logit[row++];
                perPair[p / 2][perm[step]] += 0.5 * (current - previous);
                previous = current;
            }
        }
        double[] contribution = new double[g];
        double[] error = new double[g];
        int pairs = perPair.length;
        double t = ShapleyValues.studentT((1 + ShapleyValues.CONFIDENCE) / 2, pairs - 1);
        for (int k = 0; k < g; k++) {
            double sum = 0;
            double squares = 0;
            for (double[] pair : perPair) {
                sum += pair[k];
                squares += pair[k] * pair[k];
            }
            contribution[k] = sum / pairs;
            double variance = Math.max(0.0, (squares - pairs * contribution[k] * contribution[k]) / (pairs - 1));
            error[k] = atReference[k] ? 0.0 : t * Math.sqrt(variance / pairs);
        }
        return new Computed(contribution, error, false, scored[0][1], scored[0][0]);
    }

    /**
     * Baseline Shapley values over the d features that differ from the reference (the others
     * contribute exactly 0): every one of the 2^d coalitions when d is at most {@code
     * exactMaxFeatures}, otherwise {@code sampledPairs} antithetic pairs of orders with a stated
     * error. One batched call either way.
     */
    private Computed baselineShapley(float[][] x, int g, boolean[] atReference) {
        int[] differing = new int[g];
        int d = 0;
        for (int k = 0; k < g; k++) {
            if (!atReference[k]) {
                differing[d++] = k;
            }
        }
        double[] contribution = new double[g];
        double[] error = new double[g];
        if (d <= exactMaxFeatures) {
            int n = 1 << d;
            Rows rows = new Rows(n);
            rows.add(reference);
            // row m = coalition m: the row of m without its lowest feature, plus that feature's values
            for (int mask = 1; mask < n; mask++) {
                int row = rows.copyOf(mask & (mask - 1));
                rows.substitute(row, x, differing[Integer.numberOfTrailingZeros(mask)]);
            }
            double[][] scored = score(rows);
            double[] phi = ShapleyValues.exact(d, scored[1]);
            for (int i = 0; i < d; i++) {
                contribution[differing[i]] = phi[i];
            }
            return new Computed(contribution, error, true, scored[0][n - 1], scored[0][0]);
        }
        ShapleyValues.Plan plan = plan(d);
        Rows rows = new Rows(plan.rows());
        rows.add(reference);
        // row r = its parent row (the same coalition without one feature) plus that feature
        for (int r = 1; r < plan.rows(); r++) {
            int row = rows.copyOf(plan.parent(r));
            rows.substitute(row, x, differing[plan.added(r)]);
        }
        double[][] scored = score(rows);
        ShapleyValues.Estimate estimate = plan.estimate(scored[1]);
        for (int i = 0; i < d; i++) {
            contribution[differing[i]] = estimate.phi()[i];
            error[differing[i]] = estimate.error()[i];
        }
        return new Computed(contribution, error, false, scored[0][plan.fullRow()], scored[0][0]);
    }

    /**
     * The estimate's plan for {@code d} differing features: at most {@code sampledPairs} pairs,
     * and no more rows than {@code estimateMaxRows} (by default the largest exact explanation,
     * 2^exactMaxFeatures). Made once per d, from a fixed seed.
     */
    private ShapleyValues.Plan plan(int d) {
        ShapleyValues.Plan plan = plans.get(d);
        if (plan == null) {
            plan = ShapleyValues.plan(d, sampledPairs, estimateMaxRows, PERMUTATION_SEED + d);
            if (!plans.compareAndSet(d, null, plan)) {
                plan = plans.get(d);
            }
        }
        return plan;
    }

    /** Rows to score, written straight into one row-major buffer per input. */
    private final class Rows {
        final float[][] buffers;
        final int[] per;
        int count;

        /** Whether {@link #buffers} came from {@link #rowBuffers} and goes back there. */
        final boolean reused;

        Rows(int capacity) {
            per = floatsPerRow;
            float[][] b = capacity <= REUSED_ROWS ? rowBuffers.pollFirst() : null;
            reused = capacity <= REUSED_ROWS;
            if (b == null) {
                int rows = reused ? REUSED_ROWS : capacity;
                b = new float[per.length][];
                for (int i = 0; i < per.length; i++) {
                    b[i] = new float[rows * per[i]];
                }
            }
            buffers = b;
        }

        /** Gives reused buffers back; the rows must not be read after this. */
        void release() {
            if (reused) {
                rowBuffers.offerFirst(buffers);
            }
        }

        /** Appends a copy of {@code values} (one array per input); returns its row. */
        int add(float[][] values) {
            for (int i = 0; i < per.length; i++) {
                System.arraycopy(values[i], 0, buffers[i], count * per[i], per[i]);
            }
            return count++;
        }

        /** Appends a copy of row {@code row}; returns the new row. */
        int copyOf(int row) {
            for (int i = 0; i < per.length; i++) {
                System.arraycopy(buffers[i], row * per[i], buffers[i], count * per[i], per[i]);
            }
            return count++;
        }

        /** Sets slot {@code slot} of feature {@code feature} in row {@code row} to its value in {@code source}. */
        void setSlot(int row, float[][] source, int feature, int slot) {
            int i = slotInput[feature][slot];
            int position = slotPosition[feature][slot];
            buffers[i][row * per[i] + position] = source[i][position];
        }

        /** Whether {@code a} and {@code b} hold the same value at slot {@code slot} of feature {@code feature}. */
        boolean sameSlot(float[][] a, float[][] b, int feature, int slot) {
            int i = slotInput[feature][slot];
            int position = slotPosition[feature][slot];
            return Float.floatToIntBits(a[i][position]) == Float.floatToIntBits(b[i][position]);
        }

        /** Sets feature {@code feature} of row {@code row} to its values in {@code source}. */
        void substitute(int row, float[][] source, int feature) {
            int[] inputs = slotInput[feature];
            int[] positions = slotPosition[feature];
            for (int j = 0; j < inputs.length; j++) {
                int i = inputs[j];
                buffers[i][row * per[i] + positions[j]] = source[i][positions[j]];
            }
        }
    }

    private Rows occlusionRows(float[][] x, int g, boolean[] atReference, int[] rowOf) {
        int changed = 0;
        for (boolean same : atReference) {
            changed += same ? 0 : 1;
        }
        Rows rows = new Rows(2 + changed);
        rows.add(x);
        rows.add(reference);
        for (int k = 0; k < g; k++) {
            if (!atReference[k]) {
                int row = rows.add(x);
                rows.substitute(row, reference, k);
                rowOf[k] = row;
            }
        }
        return rows;
    }

    private Rows shapleyRows(float[][] x, int g, boolean[] atReference) {
        int capacity = 2;
        for (int[] perm : permutations) {
            for (int step = 0; step < g - 1; step++) {
                capacity += atReference[perm[step]] ? 0 : 1;
            }
        }
        Rows rows = new Rows(capacity);
        int referenceRow = rows.add(reference);
        rows.add(x);
        for (int[] perm : permutations) {
            int previous = referenceRow;
            for (int step = 0; step < g - 1; step++) {
                if (atReference[perm[step]]) {
                    continue;
                }
                int row = rows.copyOf(previous);
                rows.substitute(row, x, perm[step]);
                previous = row;
            }
        }
        return rows;
    }

    /** True when {@code a} and {@code b} hold the same encoded values for feature {@code feature}. */
    private boolean sameAt(float[][] a, float[][] b, int feature) {
        int[] inputs = slotInput[feature];
        int[] positions = slotPosition[feature];
        for (int j = 0; j < inputs.length; j++) {
            int i = inputs[j];
            if (Float.floatToIntBits(a[i][positions[j]]) != Float.floatToIntBits(b[i][positions[j]])) {
                return false;
            }
        }
        return true;
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return Math.log(q / (1 - q));
    }

    /**
     * One player of an explanation: a tabular feature ({@code steps} 0) or a sequence channel's
     * whole history of {@code steps} steps. A channel is shown by the step that names it ({@link
     * #adverseSteps}; -1: none), e.g. {@code repaymentStatus[5]}, with that step's value.
     */
    private record Explained(FeatureSpec spec, int steps) {

        String name(int step) {
            return step < 0 ? spec.name() : stepName(spec.name(), step + 1);
        }

        String description(int step) {
            String d = spec.description() == null ? spec.name() : spec.description();
            if (steps == 0) {
                return d;
            }
            return step < 0 ? d + " (all " + steps + " steps)"
                    : d + " (step " + (step + 1) + " of " + steps + ", oldest first, the most adverse; the contribution"
                    + " is the whole history's)";
        }

        /** The value at {@code step} of a sequence's raw value (a list or array), or the value itself. */
        Object at(Object value, int step) {
            if (step < 0 || value == null) {
                return value;
            }
            if (value instanceof List<?> list) {
                return step < list.size() ? list.get(step) : null;
            }
            if (value.getClass().isArray()) {
                return step < java.lang.reflect.Array.getLength(value) ? java.lang.reflect.Array.get(value, step) : null;
            }
            return value;
        }
    }

    /** The attribution name of step {@code step} (from 1, oldest first) of a sequence channel: {@code channel[step]}. */
    public static String stepName(String channel, int step) {
        return channel + "[" + step + "]";
    }

    private static List<Explained> explained(ModelCard card) {
        List<Explained> result = new ArrayList<>();
        for (InputSpec input : card.inputs()) {
            for (FeatureSpec f : input.features()) {
                result.add(new Explained(f, input.layout() == InputSpec.Layout.sequence ? input.steps() : 0));
            }
        }
        return result;
    }

    /** The float slots of each {@link #explained} item, in the same order. */
    private static int[][][] slots(ModelCard card) {
        List<int[][]> result = new ArrayList<>();
        for (int i = 0; i < card.inputs().size(); i++) {
            InputSpec input = card.inputs().get(i);
            int offset = 0;
            int channels = input.width();
            for (int c = 0; c < input.features().size(); c++) {
                FeatureSpec f = input.features().get(c);
                if (input.layout() == InputSpec.Layout.sequence) {
                    // the whole history, slot t = step t (a sequence channel is one number per step)
                    int[] pos = new int[input.steps()];
                    for (int t = 0; t < input.steps(); t++) {
                        pos[t] = t * channels + offset;
                    }
                    result.add(inInput(card, i, pos));
                } else {
                    int[] pos = new int[f.width()];
                    for (int w = 0; w < f.width(); w++) {
                        pos[w] = offset + w;
                    }
                    result.add(inInput(card, i, pos));
                }
                offset += f.width();
            }
        }
        return result.toArray(new int[0][][]);
    }

    private static int[][] inInput(ModelCard card, int input, int[] positions) {
        int[][] perInput = new int[card.inputs().size()][];
        Arrays.fill(perInput, new int[0]);
        perInput[input] = positions;
        return perInput;
    }

    private static int[][] permutations(int g) {
        Random random = new Random(PERMUTATION_SEED);
        int[][] perms = new int[SHAPLEY_PERMUTATIONS][];
        for (int p = 0; p < SHAPLEY_PERMUTATIONS; p += 2) {
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < g; k++) {
                order.add(k);
            }
            Collections.shuffle(order, random);
            perms[p] = order.stream().mapToInt(Integer::intValue).toArray();
            Collections.reverse(order);
            perms[p + 1] = order.stream().mapToInt(Integer::intValue).toArray();
        }
        return perms;
    }

    /** The card's reference applicant, with documented defaults for features it does not list. */
    static Map<String, Object> referenceApplicant(ModelCard card) {
        Map<String, Object> given = card.reference() == null ? Map.of() : card.reference();
        Map<String, Object> result = new LinkedHashMap<>();
        for (InputSpec input : card.inputs()) {
            for (FeatureSpec f : input.features()) {
                Object value = given.get(f.name());
                if (value == null) {
                    value = defaultReference(f, input);
                }
                result.put(f.name(), value);
            }
        }
        return Collections.unmodifiableMap(new HashMap<>(result));
    }

    private static Object defaultReference(FeatureSpec f, InputSpec input) {
        Object single;
        if (f.type() == FeatureType.CATEGORICAL) {
            if (f.missing().policy() == MissingValue.Policy.impute) {
                single = f.missing().value();
            } else {
                throw new IllegalArgumentException("categorical feature '" + f.name()
                        + "' needs a reference value in the card's 'reference' (e.g. the training mode)");
            }
        } else if (f.type() == FeatureType.ORDINAL) {
            int level = (int) Math.max(0, Math.min(f.vocabulary().size() - 1, Math.round(f.scaling().center())));
            single = f.vocabulary().get(level);
        } else {
            double center = f.scaling().center();
            if (f.range() != null) {
                center = Math.max(f.range().min(), Math.min(f.range().max(), center));
            }
            single = center;
        }
        if (input.layout() == InputSpec.Layout.sequence) {
            List<Object> steps = new ArrayList<>();
            for (int t = 0; t < input.steps(); t++) {
                steps.add(single);
            }
            return steps;
        }
        return single;
    }
}
