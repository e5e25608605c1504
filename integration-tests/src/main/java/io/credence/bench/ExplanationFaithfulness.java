package io.credence.bench;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.encode.FeatureSource;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How faithful are the plugin's explanation methods on the bundled model? Compares occlusion and
 * Shapley sampling with exact Shapley values (all 2^n feature coalitions between the reference
 * applicant and the application, on the log-odds scale) for applications read from a CSV file.
 *
 * <pre>
 * java -cp integration-tests/target/classes:$(cat integration-tests/target/classpath.txt) \
 *     io.credence.bench.ExplanationFaithfulness training/data/german-credit/german-credit-train.csv 100
 * </pre>
 */
public final class ExplanationFaithfulness {

    private ExplanationFaithfulness() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "training/data/german-credit/german-credit-train.csv");
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            registry.loadClasspath(ExplanationFaithfulness.class.getClassLoader());
            ModelSession session = registry.active("credit-default");
            List<Map<String, Object>> rows = readCsv(csv, limit);
            Report occlusion = new Report();
            Report shapley = new Report();
            for (Map<String, Object> row : rows) {
                FeatureSource source = name -> row.containsKey(name) ? row.get(name) : FeatureSource.ABSENT;
                double[] exact = exactShapley(session, source);
                occlusion.add(exact, new Explainer(session, ExplanationMethod.OCCLUSION).explain(source), session.card());
                shapley.add(exact, new Explainer(session, ExplanationMethod.SHAPLEY_SAMPLING).explain(source), session.card());
            }
            int g = session.card().allFeatures().size();
            System.out.printf(Locale.ROOT, "model %s, %d applications from %s, %d features%n", session.card().id(), rows.size(), csv, g);
            System.out.println("| method | rows per ORT call (at most) | mean abs error vs exact Shapley (log-odds) | top-4 adverse set equal to exact | top-1 equal |");
            System.out.println("|---|---|---|---|---|");
            occlusion.print("occlusion (baseline substitution)", g + 2);
            shapley.print("Shapley sampling, " + Explainer.SHAPLEY_PERMUTATIONS + " antithetic permutations",
                    2 + Explainer.SHAPLEY_PERMUTATIONS * (g - 1));
        }
    }

    private static final class Report {
        double absError;
        long values;
        int top4Equal;
        int top1Equal;
        int n;

        void add(double[] exact, Explanation e, ModelCard card) {
            List<FeatureSpec> features = card.allFeatures();
            Map<String, Double> byName = new HashMap<>();
            for (FeatureAttribution a : e.attributions()) {
                byName.put(a.feature(), a.contribution());
            }
            double[] approx = new double[exact.length];
            for (int i = 0; i < exact.length; i++) {
                approx[i] = byName.get(features.get(i).name());
                absError += Math.abs(approx[i] - exact[i]);
                values++;
            }
            List<Integer> a = topAdverse(approx);
            List<Integer> x = topAdverse(exact);
            if (new java.util.HashSet<>(a).equals(new java.util.HashSet<>(x))) {
                top4Equal++;
            }
            if (a.isEmpty() ? x.isEmpty() : !x.isEmpty() && a.get(0).equals(x.get(0))) {
                top1Equal++;
            }
            n++;
        }

        void print(String name, int rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.1f %% | %.1f %% |%n", name, rows, absError / values,
                    100.0 * top4Equal / n, 100.0 * top1Equal / n);
        }
    }

    private static List<Integer> topAdverse(double[] values) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] > FeatureAttribution.EPSILON) {
                idx.add(i);
            }
        }
        idx.sort((p, q) -> Double.compare(values[q], values[p]));
        return idx.subList(0, Math.min(4, idx.size()));
    }

    /** Exact Shapley values over all coalitions; tabular single-input models only. */
    static double[] exactShapley(ModelSession session, FeatureSource source) {
        ModelCard card = session.card();
        List<FeatureSpec> features = card.allFeatures();
        int g = features.size();
        EncodedApplication x = session.encoder().encode(source);
        Map<String, Object> reference = new Explainer(session, ExplanationMethod.OCCLUSION).referenceApplicant();
        EncodedApplication b = session.encoder().encode(name -> reference.getOrDefault(name, FeatureSource.ABSENT));
        float[] xs = x.values().get(0);
        float[] bs = b.values().get(0);
        int width = xs.length;
        int[] offset = new int[g + 1];
        for (int i = 0; i < g; i++) {
            offset[i + 1] = offset[i] + features.get(i).width();
        }
        int subsets = 1 << g;
        double[] v = new double[subsets];
        int chunk = 1 << 14;
        for (int start = 0; start < subsets; start += chunk) {
            int n = Math.min(chunk, subsets - start);
            float[] buffer = new float[n * width];
            for (int r = 0; r < n; r++) {
                int mask = start + r;
                for (int i = 0; i < g; i++) {
                    float[] src = (mask & (1 << i)) != 0 ? xs : bs;
                    System.arraycopy(src, offset[i], buffer, r * width + offset[i], offset[i + 1] - offset[i]);
                }
            }
            double[] p = session.scoreBuffers(List.of(buffer), n);
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

    private static List<Map<String, Object>> readCsv(Path csv, int limit) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size() && rows.size() < limit; i++) {
            String[] cells = lines.get(i).split(",", -1);
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                String cell = cells[c].trim();
                row.put(header[c].trim(), cell.matches("-?\\d+(\\.\\d+)?") ? (Object) Double.valueOf(cell) : cell);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no data rows");
        }
        return rows;
    }

}
