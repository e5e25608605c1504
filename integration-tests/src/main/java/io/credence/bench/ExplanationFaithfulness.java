package io.credence.bench;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.encode.SourceColumns;
import io.credence.plugin.explain.Explainer;
import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How faithful and how stable are the plugin's explanation methods on the bundled model?
 * Compares occlusion, Shapley sampling and baseline Shapley (the default) with exact Shapley
 * values computed here by brute force (all 2^18 feature coalitions between the reference
 * applicant and the application, on the log-odds scale) for every application of a CSV file,
 * then perturbs each numeric input by +-1 % of its training standard deviation (the card's
 * scaling) and counts how often the principal reasons change.
 *
 * <pre>
 * java -cp integration-tests/target/benchmarks.jar io.credence.bench.ExplanationFaithfulness \
 *     training/data/german-credit/german-credit-train.csv [limit, default all] [threads, default 1]
 * </pre>
 */
public final class ExplanationFaithfulness {

    /**
     * {@code -Dplayers=months}: the harness's exact values treat each month of a sequence channel
     * as its own player (2^(months x channels) coalitions), as the explainer did before a channel
     * became one player; default: the card's business features, a channel's history being one.
     */
    static final boolean MONTHS = "months".equals(System.getProperty("players"));
    /** Principal reasons on a notice. */
    static final int REASONS = 4;
    /** Perturbation of a numeric input, as a fraction of its training standard deviation. */
    static final double PERTURBATION = 0.01;
    /**
     * Materiality fractions the report compares (a reason needs at least this fraction of the
     * total adverse contribution); the plugin's {@link Explanation#MATERIALITY} is one of them.
     * The same rule is applied to the method's and to the exact values.
     */
    static final double[] FLOORS = {0.0, 0.02, Explanation.MATERIALITY, 0.10};

    private ExplanationFaithfulness() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "training/data/german-credit/german-credit-train.csv");
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            registry.loadClasspath(ExplanationFaithfulness.class.getClassLoader());
            // -Dmodel=behaviour-default explains the bundled behaviour model (with the Taiwan file)
            ModelSession session = registry.active(System.getProperty("model", "credit-default"));
            ModelCard card = session.card();
            List<Map<String, Object>> rows = withSequences(readCsv(csv, limit), card);
            List<Attributed> attributed = attributed(card);
            // -Dmethods=BASELINE_SHAPLEY compares only those methods (default: all three)
            List<ExplanationMethod> methods = java.util.Arrays.stream(System.getProperty("methods",
                    "OCCLUSION,SHAPLEY_SAMPLING,BASELINE_SHAPLEY").split(",")).map(String::trim).map(ExplanationMethod::valueOf).toList();
            Map<ExplanationMethod, Explainer> explainers = new EnumMap<>(ExplanationMethod.class);
            // -Dk=, -Dpairs= and -Drows= try another trade-off for baseline Shapley (defaults: the plugin's)
            int k = Integer.getInteger("k", Explainer.EXACT_MAX_FEATURES);
            int pairs = Integer.getInteger("pairs", Explainer.SAMPLED_PAIRS);
            // -Drows= gives the estimate its own row budget (default: the plugin's)
            int estimateRows = Integer.getInteger("rows", Explainer.ESTIMATE_MAX_ROWS);
            methods.forEach(m -> explainers.put(m, new Explainer(session, m, k, pairs, estimateRows)));
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            // -Dexact.cache=FILE keeps the brute-force values (one line per application) for later runs
            Path cache = System.getProperty("exact.cache") == null ? null : Path.of(System.getProperty("exact.cache"));
            List<String> cached = cache != null && Files.exists(cache) ? Files.readAllLines(cache) : List.of();
            List<Future<double[]>> exact = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                Map<String, Object> row = rows.get(r);
                if (r < cached.size()) {
                    double[] values = java.util.Arrays.stream(cached.get(r).split(" ")).mapToDouble(Double::parseDouble).toArray();
                    exact.add(java.util.concurrent.CompletableFuture.completedFuture(values));
                } else {
                    exact.add(pool.submit(() -> exactShapley(session, attributed, source(row))));
                }
            }
            Map<ExplanationMethod, Report> reports = new EnumMap<>(ExplanationMethod.class);
            methods.forEach(m -> reports.put(m, new Report()));
            int[] differing = new int[attributed.size() + 1];
            for (int r = 0; r < rows.size(); r++) {
                double[] truth = exact.get(r).get();
                FeatureSource source = source(rows.get(r));
                for (ExplanationMethod m : methods) {
                    Explanation e = explainers.get(m).explain(source);
                    reports.get(m).add(truth, e, attributed);
                    if (!MONTHS) {
                        reports.get(m).stability(e, perturbations(card, rows.get(r)), explainers.get(m));
                    }
                }
                differing[differingFeatures(session, explainers.get(methods.get(0)), source)]++;
            }
            pool.shutdown();
            if (cache != null && cached.size() < rows.size()) {
                List<String> lines = new ArrayList<>();
                for (Future<double[]> f : exact) {
                    lines.add(java.util.Arrays.stream(f.get()).mapToObj(Double::toString)
                            .collect(java.util.stream.Collectors.joining(" ")));
                }
                Files.write(cache, lines);
            }
            int g = attributed.size();
            System.out.printf(Locale.ROOT, "model %s, %d applications from %s, %d features, %.0f s%n", card.id(), rows.size(),
                    csv, g, (System.nanoTime() - started) / 1e9);
            System.out.println("features differing from the reference applicant (count: applications): "
                    + histogram(differing));
            System.out.printf(Locale.ROOT, "%d perturbations per method (each numeric input +-%.0f %% of its training sd)%n",
                    rows.stream().mapToInt(row -> perturbations(card, row).size()).sum(), 100 * PERTURBATION);
            System.out.printf(Locale.ROOT, "reasons: the top %d adverse features with at least %.0f %% of the total adverse "
                    + "contribution (Explanation.MATERIALITY), on both sides%n", REASONS, 100 * Explanation.MATERIALITY);
            System.out.println("| method | exact | mean abs error vs exact Shapley (log-odds) | max abs error "
                    + "| top-4 reasons equal to exact | top-1 equal | estimated values within stated error "
                    + "| reasons change under +-1 % sd (set / ordered list / applications with any change) "
                    + "| exact <-> estimated switches |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            String baseline = "baseline Shapley (exact for d <= " + k + ", else at most " + pairs + " antithetic pairs in "
                    + estimateRows + " rows)";
            Map<ExplanationMethod, String> names = Map.of(ExplanationMethod.BASELINE_SHAPLEY, baseline,
                    ExplanationMethod.OCCLUSION, "occlusion (baseline substitution)",
                    ExplanationMethod.SHAPLEY_SAMPLING, "Shapley sampling, " + Explainer.SHAPLEY_PERMUTATIONS + " antithetic permutations");
            if (MONTHS) {
                System.out.println();
                System.out.println("the explainer's reasons (a channel one player, named by its most adverse month) against"
                        + " what per-month exact Shapley values name (each month a player; a channel's months share its code;"
                        + " floor " + Explanation.MATERIALITY + "):");
                System.out.println("| method | top-4 codes equal | and each code's named month equal |");
                System.out.println("|---|---|---|");
                for (ExplanationMethod m : methods) {
                    reports.get(m).printReasonCodes(names.get(m));
                }
                return;
            }
            for (ExplanationMethod m : methods) {
                reports.get(m).print(names.get(m), Explanation.MATERIALITY);
            }
            if (attributed.stream().anyMatch(a -> a.name().contains("["))) {
                System.out.println();
                System.out.println("reason codes as a notice names them (the months of a channel share its code; floor "
                        + Explanation.MATERIALITY + "):");
                System.out.println("| method | top-4 codes equal to exact | and each code's named month equal |");
                System.out.println("|---|---|---|");
                for (ExplanationMethod m : methods) {
                    reports.get(m).printReasonCodes(names.get(m));
                }
            }
            for (ExplanationMethod m : methods) {
                System.out.println();
                System.out.println("materiality floor (fraction of the total adverse contribution), " + names.get(m) + ":");
                System.out.println("| floor | top-4 reasons equal to exact | top-1 equal | reason set changes | ordered list changes "
                        + "| applications with any change | top-4 misses among exact explanations |");
                System.out.println("|---|---|---|---|---|---|---|");
                for (double floor : FLOORS) {
                    reports.get(m).printFloor(floor);
                }
            }
        }
    }

    private static FeatureSource source(Map<String, Object> row) {
        return name -> row.containsKey(name) ? row.get(name) : FeatureSource.ABSENT;
    }

    private static int differingFeatures(ModelSession session, Explainer any, FeatureSource source) {
        int d = 0;
        for (FeatureAttribution a : any.explain(source).attributions()) {
            if (!String.valueOf(a.value()).equals(String.valueOf(a.referenceValue()))
                    && !(a.value() instanceof Number n && a.referenceValue() instanceof Number b
                    && n.doubleValue() == b.doubleValue())) {
                d++;
            }
        }
        return d;
    }

    private static String histogram(int[] counts) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < counts.length; d++) {
            if (counts[d] > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(d).append(": ").append(counts[d]);
            }
        }
        return s.toString();
    }

    /** The application with one numeric input moved by +-1 % of its training standard deviation, for each such input. */
    static List<FeatureSource> perturbations(ModelCard card, Map<String, Object> row) {
        List<FeatureSource> result = new ArrayList<>();
        for (FeatureSpec f : card.allFeatures()) {
            if (f.type() == FeatureType.NUMERIC && row.get(f.name()) instanceof List<?> steps) {
                // a sequence channel: each month on its own, like a tabular input
                for (int t = 0; t < steps.size(); t++) {
                    for (int sign : new int[] {1, -1}) {
                        List<Object> moved = new ArrayList<>(steps);
                        moved.set(t, ((Number) steps.get(t)).doubleValue() + sign * PERTURBATION * f.scaling().scale());
                        Map<String, Object> changed = new HashMap<>(row);
                        changed.put(f.name(), moved);
                        result.add(source(changed));
                    }
                }
                continue;
            }
            if (f.type() != FeatureType.NUMERIC || !(row.get(f.name()) instanceof Number value)) {
                continue;
            }
            for (int sign : new int[] {1, -1}) {
                Map<String, Object> moved = new HashMap<>(row);
                moved.put(f.name(), value.doubleValue() + sign * PERTURBATION * f.scaling().scale());
                result.add(source(moved));
            }
        }
        return result;
    }

    /** Counts per materiality floor, in the order of {@link #FLOORS}. */
    private static final class Counts {
        int top4Equal;
        int top1Equal;
        int exactTop4Misses;
        int setChanged;
        int listChanged;
        int applicationsChanged;
    }

    private static final class Report {
        double absError;
        double maxError;
        long values;
        long estimatedValues;
        long withinError;
        int exact;
        int n;
        int perturbed;
        int regimeChanged;
        final Counts[] counts = new Counts[FLOORS.length];
        int codesEqual;
        int codesAndMonthsEqual;

        Report() {
            for (int f = 0; f < FLOORS.length; f++) {
                counts[f] = new Counts();
            }
        }

        void add(double[] truth, Explanation e, List<Attributed> features) {
            if (MONTHS && features.size() != e.attributions().size()) {
                // per-month exact values against the explainer's channels: only what a notice names compares
                List<String> named = e.principalAdverse(REASONS, Explanation.MATERIALITY).stream()
                        .map(a -> group(a.feature()) + "=" + a.feature()).toList();
                List<String> exactReasons = reasonGroups(truth, features, Explanation.MATERIALITY);
                codesEqual += new HashSet<>(groupsOf(named)).equals(new HashSet<>(groupsOf(exactReasons))) ? 1 : 0;
                codesAndMonthsEqual += new HashSet<>(named).equals(new HashSet<>(exactReasons)) ? 1 : 0;
                exact += e.exact() ? 1 : 0;
                n++;
                return;
            }
            Map<String, FeatureAttribution> byName = new HashMap<>();
            for (FeatureAttribution a : e.attributions()) {
                // an adverse channel is named by its most adverse step: channel[step]
                byName.put(a.feature().contains("[") ? a.feature().substring(0, a.feature().indexOf('[')) : a.feature(), a);
            }
            double[] approx = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                FeatureAttribution a = byName.get(features.get(i).name());
                approx[i] = a.contribution();
                double error = Math.abs(approx[i] - truth[i]);
                absError += error;
                maxError = Math.max(maxError, error);
                values++;
                // estimated values of features that matter (a feature at the reference is exactly 0 with error 0)
                if (!e.exact() && !Double.isNaN(a.error()) && (Math.abs(truth[i]) > 1e-7 || a.error() > 0)) {
                    estimatedValues++;
                    // the harness's exact values come from float rows in another batch layout
                    withinError += error <= a.error() + 1e-5 ? 1 : 0;
                }
            }
            exact += e.exact() ? 1 : 0;
            // what a notice shows: one reason per code, a channel's months sharing one, each naming its
            // most adverse month (ReasonCodeTable's rule, applied to both sides)
            List<String> approxReasons = reasonGroups(approx, features, Explanation.MATERIALITY);
            List<String> exactReasons = reasonGroups(truth, features, Explanation.MATERIALITY);
            codesEqual += new HashSet<>(groupsOf(approxReasons)).equals(new HashSet<>(groupsOf(exactReasons))) ? 1 : 0;
            codesAndMonthsEqual += new HashSet<>(approxReasons).equals(new HashSet<>(exactReasons)) ? 1 : 0;
            for (int f = 0; f < FLOORS.length; f++) {
                Counts c = counts[f];
                List<Integer> a = principal(approx, FLOORS[f]);
                List<Integer> x = principal(truth, FLOORS[f]);
                if (new HashSet<>(a).equals(new HashSet<>(x))) {
                    c.top4Equal++;
                } else if (e.exact()) {
                    c.exactTop4Misses++;
                }
                if (a.isEmpty() ? x.isEmpty() : !x.isEmpty() && a.get(0).equals(x.get(0))) {
                    c.top1Equal++;
                }
            }
            n++;
        }

        void stability(Explanation e, List<FeatureSource> perturbations, Explainer explainer) {
            boolean[] any = new boolean[FLOORS.length];
            for (FeatureSource p : perturbations) {
                Explanation moved = explainer.explain(p);
                perturbed++;
                for (int f = 0; f < FLOORS.length; f++) {
                    List<String> reasons = reasons(e, FLOORS[f]);
                    List<String> after = reasons(moved, FLOORS[f]);
                    if (!new HashSet<>(after).equals(new HashSet<>(reasons))) {
                        counts[f].setChanged++;
                    }
                    if (!after.equals(reasons)) {
                        counts[f].listChanged++;
                        any[f] = true;
                    }
                }
                regimeChanged += moved.exact() != e.exact() ? 1 : 0;
            }
            for (int f = 0; f < FLOORS.length; f++) {
                counts[f].applicationsChanged += any[f] ? 1 : 0;
            }
        }

        /** The principal reasons as the plugin names them, with materiality fraction {@code floor}. */
        private static List<String> reasons(Explanation e, double floor) {
            return e.principalAdverse(REASONS, floor).stream().map(FeatureAttribution::feature).toList();
        }

        private Counts at(double floor) {
            for (int f = 0; f < FLOORS.length; f++) {
                if (FLOORS[f] == floor) {
                    return counts[f];
                }
            }
            throw new IllegalArgumentException("floor " + floor + " is not one of " + java.util.Arrays.toString(FLOORS));
        }

        void print(String name, double floor) {
            Counts c = at(floor);
            System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.4f | %.4f | %.1f %% | %.1f %% | %s | %.2f %% / %.2f %% / %.1f %% | %.2f %% |%n",
                    name, 100.0 * exact / n, absError / values, maxError, 100.0 * c.top4Equal / n, 100.0 * c.top1Equal / n,
                    estimatedValues == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %% of %d", 100.0 * withinError / estimatedValues,
                            estimatedValues),
                    100.0 * c.setChanged / perturbed, 100.0 * c.listChanged / perturbed, 100.0 * c.applicationsChanged / n,
                    100.0 * regimeChanged / perturbed);
        }

        void printReasonCodes(String name) {
            System.out.printf(Locale.ROOT, "| %s | %.1f %% (%d of %d) | %.1f %% (%d of %d) |%n", name,
                    100.0 * codesEqual / n, codesEqual, n, 100.0 * codesAndMonthsEqual / n, codesAndMonthsEqual, n);
        }

        void printFloor(double floor) {
            Counts c = at(floor);
            System.out.printf(Locale.ROOT, "| %.2f | %.1f %% (%d of %d) | %.1f %% | %.2f %% | %.2f %% | %.1f %% | %d of %d |%n",
                    floor, 100.0 * c.top4Equal / n, c.top4Equal, n, 100.0 * c.top1Equal / n, 100.0 * c.setChanged / perturbed,
                    100.0 * c.listChanged / perturbed, 100.0 * c.applicationsChanged / n, c.exactTop4Misses, exact);
        }
    }

    /**
     * The principal reasons from exact values, by the plugin's rule: the top four positive ones
     * with at least {@code floor} of the sum of the positive ones, largest first.
     */
    /**
     * The principal reasons as a notice gives them: the positive values with at least {@code floor}
     * of the adverse total, largest first, one per reason group (a sequence channel's months are one
     * group, {@code channel[month]}), at most four, each as {@code group=feature}.
     */
    static List<String> reasonGroups(double[] values, List<Attributed> features, double floor) {
        List<String> reasons = new ArrayList<>();
        java.util.Set<String> groups = new HashSet<>();
        for (int i : material(values, floor)) {
            String name = features.get(i).name();
            String group = group(name);
            if (reasons.size() < REASONS && groups.add(group)) {
                reasons.add(group + "=" + name);
            }
        }
        return reasons;
    }

    /** The reason group of an attribution's name: a sequence channel's for {@code channel[month]}. */
    static String group(String name) {
        return name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
    }

    static List<String> groupsOf(List<String> reasons) {
        return reasons.stream().map(r -> r.substring(0, r.indexOf('='))).toList();
    }

    private static List<Integer> principal(double[] values, double floor) {
        List<Integer> idx = material(values, floor);
        return idx.subList(0, Math.min(REASONS, idx.size()));
    }

    /** The positive values with at least {@code floor} of their sum, largest first (by index). */
    private static List<Integer> material(double[] values, double floor) {
        double total = 0;
        for (double v : values) {
            total += v > FeatureAttribution.EPSILON ? v : 0.0;
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] > FeatureAttribution.EPSILON && values[i] >= floor * total) {
                idx.add(i);
            }
        }
        idx.sort((p, q) -> Double.compare(values[q], values[p]));
        return idx;
    }

    /**
     * What an explanation attributes to, found from the card alone (no code shared with the
     * explainer): a tabular feature's slots, or one month of a sequence channel, named {@code
     * channel[month]} with the month from 1, oldest first.
     */
    record Attributed(String name, int input, int[] positions) {
    }

    static List<Attributed> attributed(ModelCard card) {
        List<Attributed> result = new ArrayList<>();
        for (int i = 0; i < card.inputs().size(); i++) {
            io.credence.plugin.card.InputSpec input = card.inputs().get(i);
            int offset = 0;
            for (FeatureSpec f : input.features()) {
                if (input.layout() == io.credence.plugin.card.InputSpec.Layout.sequence && MONTHS) {
                    for (int t = 0; t < input.steps(); t++) {
                        result.add(new Attributed(f.name() + "[" + (t + 1) + "]", i, new int[] {t * input.width() + offset}));
                    }
                } else if (input.layout() == io.credence.plugin.card.InputSpec.Layout.sequence) {
                    // the card's business feature: the channel's whole history, one player
                    int[] positions = new int[input.steps()];
                    for (int t = 0; t < positions.length; t++) {
                        positions[t] = t * input.width() + offset;
                    }
                    result.add(new Attributed(f.name(), i, positions));
                } else {
                    int[] positions = new int[f.width()];
                    for (int w = 0; w < positions.length; w++) {
                        positions[w] = offset + w;
                    }
                    result.add(new Attributed(f.name(), i, positions));
                }
                offset += f.width();
            }
        }
        return result;
    }

    /**
     * The file's rows as the card's features ({@link SourceColumns}): a column the card reads under
     * a business name is put under that name with its code turned into the business value, and a
     * sequence channel's columns become one list, oldest first (the card's {@code csv.*} properties).
     */
    static List<Map<String, Object>> withSequences(List<Map<String, Object>> rows, ModelCard card) {
        SourceColumns columns = SourceColumns.of(card);
        for (Map<String, Object> row : rows) {
            FeatureSource features = columns.features(column -> row.containsKey(column) ? row.get(column) : FeatureSource.ABSENT);
            Map<String, Object> named = new HashMap<>();
            for (FeatureSpec f : card.allFeatures()) {
                Object value = features.feature(f.name());
                if (value != FeatureSource.ABSENT) {
                    named.put(f.name(), value);
                }
            }
            row.putAll(named);
        }
        return rows;
    }

    /** Exact Shapley values over all 2^g coalitions of the attributed features (any number of inputs). */
    static double[] exactShapley(ModelSession session, List<Attributed> features, FeatureSource source) {
        int g = features.size();
        EncodedApplication x = session.encoder().encode(source);
        Map<String, Object> reference = new Explainer(session, ExplanationMethod.OCCLUSION).referenceApplicant();
        EncodedApplication b = session.encoder().encode(name -> reference.getOrDefault(name, FeatureSource.ABSENT));
        int inputs = x.values().size();
        int[] width = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            width[i] = x.values().get(i).length;
        }
        int subsets = 1 << g;
        double[] v = new double[subsets];
        int chunk = 1 << 14;
        for (int start = 0; start < subsets; start += chunk) {
            int n = Math.min(chunk, subsets - start);
            List<float[]> buffers = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                float[] buffer = new float[n * width[i]];
                float[] bs = b.values().get(i);
                for (int r = 0; r < n; r++) {
                    System.arraycopy(bs, 0, buffer, r * width[i], width[i]);
                }
                buffers.add(buffer);
            }
            for (int r = 0; r < n; r++) {
                int mask = start + r;
                for (int k = 0; k < g; k++) {
                    if ((mask & (1 << k)) != 0) {
                        Attributed f = features.get(k);
                        float[] xs = x.values().get(f.input());
                        float[] buffer = buffers.get(f.input());
                        for (int pos : f.positions()) {
                            buffer[r * width[f.input()] + pos] = xs[pos];
                        }
                    }
                }
            }
            double[] p = session.scoreBuffers(buffers, n);
            for (int r = 0; r < n; r++) {
                double q = Math.min(1 - 1e-7, Math.max(1e-7, p[r]));
                v[start + r] = Math.log(q / (1 - q));
            }
        }
        double[] weight = new double[g];
        for (int s = 0; s < g; s++) {
            weight[s] = Math.exp(logFactorial(s) + logFactorial(g - s - 1) - logFactorial(g));
        }
        double[] phi = new double[g];
        for (int mask = 0; mask < subsets; mask++) {
            int size = Integer.bitCount(mask);
            for (int i = 0; i < g; i++) {
                if ((mask & (1 << i)) == 0) {
                    phi[i] += weight[size] * (v[mask | (1 << i)] - v[mask]);
                }
            }
        }
        return phi;
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    /** Reads up to {@code limit} rows with Commons CSV; the German file's cells are trimmed (the format says so). */
    static List<Map<String, Object>> readCsv(Path csv, int limit) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8, format)) {
            List<String> header = null;
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = record.toList();
                    continue;
                }
                if (rows.size() == limit) {
                    break;
                }
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(csv + " line " + parser.getCurrentLineNumber() + ": " + record.size()
                            + " cells, expected " + header.size());
                }
                Map<String, Object> row = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    String cell = record.get(c);
                    row.put(header.get(c), cell.matches("-?\\d+(\\.\\d+)?") ? (Object) Double.valueOf(cell) : cell);
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no data rows");
        }
        return rows;
    }

}
