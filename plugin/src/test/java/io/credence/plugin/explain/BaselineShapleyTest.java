package io.credence.plugin.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default method, {@link ExplanationMethod#BASELINE_SHAPLEY}, against independently computed values. */
class BaselineShapleyTest {

    @TempDir
    Path root;
    final List<ModelRegistry> registries = new ArrayList<>();

    @AfterEach
    void close() {
        registries.forEach(ModelRegistry::close);
    }

    /** g numeric features a0..a(g-1) (centre 0, scale 1) and, when {@code housing}, a three-level categorical one. */
    ModelSession mlp(String name, int numeric, boolean housing, long seed, Map<String, Object> reference) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        List<FeatureSpec> features = new ArrayList<>();
        for (int i = 0; i < numeric; i++) {
            features.add(FeatureSpec.numeric("a" + i, 0, 1));
        }
        if (housing) {
            features.add(FeatureSpec.categorical("housing", List.of("own", "rent", "free")));
        }
        ModelCard card = ModelPackages.card(name, "1.0.0", features).withReference(reference);
        int width = card.inputs().get(0).floatsPerRow();
        return registry.loadPackage(ModelPackages.write(root, card,
                TestOnnxModels.mlp("features", width, 16, seed, "probability", Map.of())));
    }

    static Map<String, Object> numericReference(int numeric, Random random) {
        Map<String, Object> reference = new HashMap<>();
        for (int i = 0; i < numeric; i++) {
            reference.put("a" + i, Math.round(random.nextGaussian() * 100) / 100.0);
        }
        return reference;
    }

    /**
     * Shapley values by definition over all g features (also those equal to the reference):
     * every coalition is a raw application, encoded and scored on its own, one row at a time.
     */
    static Map<String, Double> bruteForce(ModelSession session, Map<String, Object> x, Map<String, Object> reference) {
        List<String> names = session.card().allFeatures().stream().map(FeatureSpec::name).toList();
        int g = names.size();
        double[] v = new double[1 << g];
        for (int mask = 0; mask < v.length; mask++) {
            Map<String, Object> mixed = new HashMap<>();
            for (int i = 0; i < g; i++) {
                mixed.put(names.get(i), ((mask >> i) & 1) == 1 ? x.get(names.get(i)) : reference.get(names.get(i)));
            }
            v[mask] = Explainer.logit(session.score(FeatureLookup.of(mixed)).value());
        }
        long[] factorial = new long[g + 1];
        factorial[0] = 1;
        for (int i = 1; i <= g; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        Map<String, Double> phi = new HashMap<>();
        for (int i = 0; i < g; i++) {
            double sum = 0;
            for (int mask = 0; mask < v.length; mask++) {
                if ((mask >> i & 1) == 0) {
                    int s = Integer.bitCount(mask);
                    sum += (double) factorial[s] * factorial[g - s - 1] / factorial[g] * (v[mask | 1 << i] - v[mask]);
                }
            }
            phi.put(names.get(i), sum);
        }
        return phi;
    }

    static Map<String, Double> byFeature(Explanation e) {
        Map<String, Double> m = new HashMap<>();
        e.attributions().forEach(a -> m.put(a.feature(), a.contribution()));
        return m;
    }

    @Test
    void exactAttributionsEqualShapleyValuesOverEveryCoalitionWithAOneHotFeatureMovingAsOne() {
        Random random = new Random(7);
        for (int trial = 0; trial < 4; trial++) {
            Map<String, Object> reference = numericReference(6, random);
            reference.put("housing", "own");
            ModelSession session = mlp("exact" + trial, 6, true, 100 + trial, reference);
            Map<String, Object> x = new HashMap<>(reference);
            for (int i = 0; i < 6; i++) {
                if (i != 2) { // a2 stays at the reference: exactly 0
                    x.put("a" + i, Math.round(random.nextGaussian() * 200) / 100.0);
                }
            }
            x.put("housing", trial % 2 == 0 ? "free" : "rent");
            Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
            assertTrue(e.exact(), "6 differing features are computed exactly");
            assertEquals(ExplanationMethod.BASELINE_SHAPLEY, e.method());
            assertEquals(0.0, e.maxError(), 0.0);
            assertEquals(7, e.attributions().size(), "one attribution per business feature, housing's 3 columns as one");
            Map<String, Double> expected = bruteForce(session, x, reference);
            Map<String, Double> actual = byFeature(e);
            for (Map.Entry<String, Double> f : expected.entrySet()) {
                assertEquals(f.getValue(), actual.get(f.getKey()), 2e-5, "trial " + trial + ", " + f.getKey());
            }
            assertEquals(0.0, actual.get("a2"), 0.0);
        }
    }

    @Test
    void exactAndEstimatedAttributionsAddUpToTheLogOddsDifference() {
        Random random = new Random(11);
        for (int differing : new int[] {1, 5, Explainer.EXACT_MAX_FEATURES, Explainer.EXACT_MAX_FEATURES + 1, 14}) {
            Map<String, Object> reference = numericReference(14, random);
            ModelSession session = mlp("sum" + differing, 14, false, 200 + differing, reference);
            Map<String, Object> x = new HashMap<>(reference);
            for (int i = 0; i < differing; i++) {
                x.put("a" + i, 1.5 + random.nextGaussian());
            }
            Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
            assertEquals(differing <= Explainer.EXACT_MAX_FEATURES, e.exact(), differing + " differing features");
            assertEquals(Explainer.logit(e.score()) - Explainer.logit(e.referenceScore()), e.totalContribution(), 2e-5,
                    differing + " differing features");
            assertEquals(session.score(FeatureLookup.of(x)).value(), e.score(), 1e-6);
            assertEquals(session.score(FeatureLookup.of(reference)).value(), e.referenceScore(), 1e-6);
            for (FeatureAttribution a : e.attributions()) {
                if (Integer.parseInt(a.feature().substring(1)) >= differing) {
                    assertEquals(0.0, a.contribution(), 0.0, a.feature());
                    assertEquals(0.0, a.error(), 0.0, a.feature());
                }
            }
        }
    }

    @Test
    void theEstimateLiesWithinItsStatedErrorOfTheTrueValueAtLeast95PercentOfTheTimeOnRandomModels() {
        Random random = new Random(2026);
        int d = 13;
        int within = 0;
        int values = 0;
        int tightStatements = 0;
        for (int trial = 0; trial < 120; trial++) {
            RandomNetwork net = new RandomNetwork(d, 12, random);
            double[] x = new double[d];
            double[] b = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = 2 * random.nextGaussian();
                b[i] = random.nextGaussian();
            }
            double[] v = new double[1 << d];
            for (int mask = 0; mask < v.length; mask++) {
                v[mask] = net.logit(x, b, mask);
            }
            double[] truth = ShapleyValues.exact(d, v);
            ShapleyValues.Plan plan = ShapleyValues.plan(d, Explainer.SAMPLED_PAIRS, 1000L + trial);
            double[] sampled = new double[plan.rows()];
            for (int r = 0; r < sampled.length; r++) {
                sampled[r] = v[plan.mask(r)];
                if (r > 0) { // each row is built from an earlier one plus one feature
                    assertTrue(plan.parent(r) < r);
                    assertEquals(plan.mask(r), plan.mask(plan.parent(r)) | 1 << plan.added(r));
                    assertEquals(0, plan.mask(plan.parent(r)) & 1 << plan.added(r));
                }
            }
            assertEquals((1 << d) - 1, plan.mask(plan.fullRow()));
            ShapleyValues.Estimate estimate = plan.estimate(sampled);
            double total = 0;
            for (int i = 0; i < d; i++) {
                total += estimate.phi()[i];
                values++;
                if (Math.abs(estimate.phi()[i] - truth[i]) <= estimate.error()[i] + 1e-9) {
                    within++;
                }
                if (estimate.error()[i] < 0.5 * Math.abs(truth[i])) {
                    tightStatements++;
                }
            }
            assertEquals(v[v.length - 1] - v[0], total, 1e-9, "every sampled order adds up to the whole difference");
        }
        double coverage = (double) within / values;
        assertTrue(coverage >= 0.95, "the true value was within the stated error for " + coverage);
        assertTrue(tightStatements > values / 2, "the error is not a vacuous bound: " + tightStatements + " of " + values);
    }

    @Test
    void exactValuesFromCoalitionValuesEqualTheAverageOverEveryOrder() {
        Random random = new Random(5);
        for (int d = 1; d <= 6; d++) {
            double[] v = new double[1 << d];
            for (int mask = 0; mask < v.length; mask++) {
                v[mask] = random.nextGaussian();
            }
            double[] byOrders = new double[d];
            int[] order = new int[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            int orders = 0;
            do {
                int mask = 0;
                for (int step = 0; step < d; step++) {
                    byOrders[order[step]] += v[mask | 1 << order[step]] - v[mask];
                    mask |= 1 << order[step];
                }
                orders++;
            } while (nextPermutation(order));
            double[] phi = ShapleyValues.exact(d, v);
            for (int i = 0; i < d; i++) {
                assertEquals(byOrders[i] / orders, phi[i], 1e-12, "d = " + d + ", player " + i);
            }
        }
    }

    @Test
    void theSameApplicationGetsTheSameAttributionsAndReasonsEveryTimeExactOrEstimated() {
        Random random = new Random(3);
        Map<String, Object> reference = numericReference(14, random);
        Map<String, Object> x = new HashMap<>();
        for (int i = 0; i < 14; i++) {
            x.put("a" + i, 1.0 + random.nextGaussian());
        }
        Map<String, Object> few = new HashMap<>(reference);
        for (int i = 0; i < 5; i++) {
            few.put("a" + i, x.get("a" + i));
        }
        ModelSession session = mlp("same", 14, false, 33, reference);
        for (Map<String, Object> applicant : List.of(x, few)) {
            Explanation first = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(applicant));
            for (int run = 0; run < 5; run++) {
                Explanation again = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(applicant));
                assertEquals(first.topAdverse(4).stream().map(FeatureAttribution::feature).toList(),
                        again.topAdverse(4).stream().map(FeatureAttribution::feature).toList());
                for (int i = 0; i < first.attributions().size(); i++) {
                    assertEquals(first.attributions().get(i).contribution(), again.attributions().get(i).contribution(), 1e-6);
                    assertEquals(first.attributions().get(i).error(), again.attributions().get(i).error(), 1e-6);
                }
            }
        }
    }

    @Test
    void anEstimateSaysItIsNotExactAndStatesAnErrorPerDifferingFeature() {
        Random random = new Random(19);
        Map<String, Object> reference = numericReference(14, random);
        ModelSession session = mlp("estimate", 14, false, 44, reference);
        Map<String, Object> x = new HashMap<>();
        for (int i = 0; i < 14; i++) {
            x.put("a" + i, 2.0 + random.nextGaussian());
        }
        Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
        assertFalse(e.exact());
        assertTrue(e.maxError() > 0 && Double.isFinite(e.maxError()), "stated error " + e.maxError());
        Explanation occlusion = new Explainer(session, ExplanationMethod.OCCLUSION).explain(FeatureLookup.of(x));
        assertFalse(occlusion.exact());
        assertTrue(Double.isNaN(occlusion.maxError()), "occlusion states no error");
    }

    @Test
    void anExplainerWithItsOwnTradeOffIsExactOnlyUpToItsLimitAndRefusesSettingsItCannotHonour() {
        Random random = new Random(23);
        Map<String, Object> reference = numericReference(5, random);
        ModelSession session = mlp("tradeoff", 5, false, 55, reference);
        Map<String, Object> x = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            x.put("a" + i, 1.0 + random.nextGaussian());
        }
        Explanation estimated = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 3, 8).explain(FeatureLookup.of(x));
        Explanation exact = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 5, 8).explain(FeatureLookup.of(x));
        assertFalse(estimated.exact());
        assertTrue(exact.exact());
        assertEquals(exact.totalContribution(), estimated.totalContribution(), 2e-5, "both add up to the same difference");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 21, 8));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 10, 1));
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    /** A random d -> hidden (tanh) -> 1 network on the log-odds scale, with pairwise products as inputs too. */
    private static final class RandomNetwork {
        final double[][] w;
        final double[] c;
        final double[] u;

        RandomNetwork(int d, int hidden, Random random) {
            w = new double[hidden][d];
            c = new double[hidden];
            u = new double[hidden];
            for (int h = 0; h < hidden; h++) {
                for (int i = 0; i < d; i++) {
                    w[h][i] = random.nextGaussian() / Math.sqrt(d) * 2;
                }
                c[h] = random.nextGaussian() * 0.5;
                u[h] = random.nextGaussian();
            }
        }

        double logit(double[] x, double[] b, int mask) {
            double out = 0;
            for (int h = 0; h < w.length; h++) {
                double a = c[h];
                for (int i = 0; i < x.length; i++) {
                    a += w[h][i] * ((mask >> i & 1) == 1 ? x[i] : b[i]);
                }
                out += u[h] * Math.tanh(a);
            }
            return out;
        }
    }
}
