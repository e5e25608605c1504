package io.credence.plugin.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtProvider;

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
        return mlp(name, numeric, housing, seed, reference, ExecutionProviderPolicy.CPU);
    }

    ModelSession mlp(String name, int numeric, boolean housing, long seed, Map<String, Object> reference,
                     ExecutionProviderPolicy policy) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(policy));
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
    void aSequenceChannelIsOnePlayerExactOverEveryCoalitionOfChannelsAndNamedByItsMostAdverseStep() {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        int steps = 5;
        List<String> channels = List.of("status", "bill", "paid", "limit");
        Random random = new Random(11);
        Map<String, Object> reference = new HashMap<>();
        List<FeatureSpec> features = new ArrayList<>();
        for (String c : channels) {
            features.add(FeatureSpec.numeric(c, 0, 1));
            reference.put(c, randomSteps(random, steps));
        }
        ModelCard card = new ModelCard(null, "seq-mlp", "1.0.0", "0".repeat(64), java.time.Instant.EPOCH, null,
                List.of(new io.credence.plugin.card.InputSpec("history", io.credence.plugin.card.InputSpec.Layout.sequence,
                        steps, features)),
                new io.credence.plugin.card.OutputSpec("probability", 0, "probability of default"),
                new io.credence.plugin.card.TrainingData("t", ModelPackages.TEST_DATA_SHA, 1, null), null, null)
                .withReference(reference);
        ModelSession session = registry.loadPackage(ModelPackages.write(root, card,
                TestOnnxModels.sequenceMlp("history", steps, channels.size(), 16, 5, "probability")));
        int adverseNamed = 0;
        for (int trial = 0; trial < 12; trial++) {
            Map<String, Object> x = new HashMap<>();
            for (String c : channels) {
                List<Double> values = randomSteps(random, steps);
                if (trial % 3 == 0) {
                    values.set(1, ((List<?>) reference.get(c)).get(1) instanceof Double d ? d : 0.0); // a step at the reference
                }
                x.put(c, values);
            }
            Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
            assertTrue(e.exact(), "4 channels: exact");
            assertEquals(channels.size(), e.attributions().size(), "one player per channel");
            Map<String, Double> expected = bruteForce(session, x, reference);
            for (FeatureAttribution a : e.attributions()) {
                String channel = a.feature().contains("[") ? a.feature().substring(0, a.feature().indexOf('[')) : a.feature();
                assertEquals(expected.get(channel), a.contribution(), 2e-5, "trial " + trial + " " + a.feature());
                if (a.contribution() <= 0) {
                    assertEquals(channel, a.feature(), "only an adverse channel names a step");
                    continue;
                }
                // the named step: the largest mean of its two marginal contributions, the channel's differing
                // steps added back to x-without-the-channel oldest first and newest first, row by row here
                List<Integer> differing = new ArrayList<>();
                for (int t = 0; t < steps; t++) {
                    if (!((List<?>) x.get(channel)).get(t).equals(((List<?>) reference.get(channel)).get(t))) {
                        differing.add(t);
                    }
                }
                double[] value = new double[steps];
                for (boolean newestFirst : new boolean[] {false, true}) {
                    List<Object> history = new ArrayList<>((List<?>) reference.get(channel));
                    double before = channelLogit(session, x, channel, history);
                    for (int i = 0; i < differing.size(); i++) {
                        int t = differing.get(newestFirst ? differing.size() - 1 - i : i);
                        history.set(t, ((List<?>) x.get(channel)).get(t));
                        double after = channelLogit(session, x, channel, history);
                        value[t] += 0.5 * (after - before);
                        before = after;
                    }
                }
                int best = -1;
                for (int t : differing) {
                    if (best < 0 || value[t] >= value[best] - 1e-6) {
                        best = t;
                    }
                }
                assertEquals(channel + "[" + (best + 1) + "]", a.feature(), "trial " + trial);
                assertEquals(((List<?>) x.get(channel)).get(best), a.value());
                adverseNamed++;
            }
        }
        assertTrue(adverseNamed >= 6, "enough adverse channels to check the naming: " + adverseNamed);
    }

    /** The log-odds of {@code x} with {@code channel}'s history replaced by {@code history}. */
    private static double channelLogit(ModelSession session, Map<String, Object> x, String channel, List<Object> history) {
        Map<String, Object> mixed = new HashMap<>(x);
        mixed.put(channel, new ArrayList<>(history));
        return Explainer.logit(session.score(FeatureLookup.of(mixed)).value());
    }

    private static List<Double> randomSteps(Random random, int steps) {
        List<Double> values = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            values.add(Math.round(random.nextGaussian() * 100) / 100.0);
        }
        return values;
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
    void exactAttributionsAtTheExactLimitEqualShapleyValuesOverEveryCoalitionOfRandomNetworks() {
        Random random = new Random(17);
        int numeric = Explainer.EXACT_MAX_FEATURES + 1;
        for (int trial = 0; trial < 3; trial++) {
            Map<String, Object> reference = numericReference(numeric, random);
            ModelSession session = mlp("limit" + trial, numeric, false, 300 + trial, reference);
            Map<String, Object> x = new HashMap<>(reference);
            for (int i = 1; i < numeric; i++) { // a0 stays at the reference: d = EXACT_MAX_FEATURES
                x.put("a" + i, Math.round(random.nextGaussian() * 200) / 100.0);
            }
            Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
            assertTrue(e.exact(), Explainer.EXACT_MAX_FEATURES + " differing features are computed exactly");
            Map<String, Double> expected = bruteForce(session, x, reference);
            Map<String, Double> actual = byFeature(e);
            for (Map.Entry<String, Double> f : expected.entrySet()) {
                assertEquals(f.getValue(), actual.get(f.getKey()), 2e-5, "trial " + trial + ", " + f.getKey());
            }
        }
    }

    /**
     * The plugin's own plans (at most {@link Explainer#SAMPLED_PAIRS} balanced antithetic pairs
     * in 2^{@link Explainer#EXACT_MAX_FEATURES} rows) on random tanh networks whose every
     * coalition is computed here: the true value must lie within the stated 99 % error for at
     * least 97.5 % of the values at every number of players, and the error must not be vacuous.
     */
    @Test
    void theEstimateLiesWithinItsStated99PercentErrorOnRandomModelsAtEveryNumberOfFeatures() {
        Random random = new Random(2026);
        int allWithin = 0;
        int allValues = 0;
        for (int d = Explainer.EXACT_MAX_FEATURES + 1; d <= 15; d++) {
            int within = 0;
            int values = 0;
            int tightStatements = 0;
            for (int trial = 0; trial < 60; trial++) {
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
                // the plugin's plan for d (its seed), and plans from other seeds
                long seed = trial % 2 == 0 ? 20261129L + d : 1000L + trial;
                ShapleyValues.Plan plan = ShapleyValues.plan(d, Explainer.SAMPLED_PAIRS, Explainer.ESTIMATE_MAX_ROWS, seed);
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
            assertTrue(coverage >= 0.975, "d = " + d + ": the true value was within the stated 99 % error for " + coverage);
            assertTrue(tightStatements > values / 2, "d = " + d + ": the error is not a vacuous bound: " + tightStatements
                    + " of " + values);
            allWithin += within;
            allValues += values;
        }
        assertTrue((double) allWithin / allValues >= 0.985, "overall coverage " + (double) allWithin / allValues);
    }

    @Test
    void oneAntitheticPairIsExactForAGameWithoutInteractionsOfThreeOrMoreFeatures() {
        Random random = new Random(29);
        for (int d : new int[] {9, 12, 16}) {
            double[] a = new double[d];
            double[][] pair = new double[d][d];
            for (int i = 0; i < d; i++) {
                a[i] = random.nextGaussian();
                for (int j = i + 1; j < d; j++) {
                    pair[i][j] = random.nextGaussian();
                }
            }
            double[] v = new double[1 << d];
            for (int mask = 0; mask < v.length; mask++) {
                for (int i = 0; i < d; i++) {
                    if ((mask >> i & 1) == 1) {
                        v[mask] += a[i];
                        for (int j = i + 1; j < d; j++) {
                            v[mask] += (mask >> j & 1) == 1 ? pair[i][j] : 0.0;
                        }
                    }
                }
            }
            double[] truth = ShapleyValues.exact(d, v);
            ShapleyValues.Plan plan = ShapleyValues.plan(d, 2, 7L * d);
            double[] sampled = new double[plan.rows()];
            for (int r = 0; r < sampled.length; r++) {
                sampled[r] = v[plan.mask(r)];
            }
            ShapleyValues.Estimate estimate = plan.estimate(sampled);
            for (int i = 0; i < d; i++) {
                assertEquals(truth[i], estimate.phi()[i], 1e-9, "d = " + d + ", player " + i);
                assertEquals(0.0, estimate.error()[i], 1e-5, "every pair agrees, so the stated error is rounding only");
            }
        }
    }

    @Test
    void anEstimateScoresNoMoreRowsThanTheLargestExactExplanationAndSamplesAtLeastTwoPairs() {
        int budget = Explainer.ESTIMATE_MAX_ROWS;
        for (int d = Explainer.EXACT_MAX_FEATURES + 1; d <= 20; d++) {
            ShapleyValues.Plan plan = ShapleyValues.plan(d, Explainer.SAMPLED_PAIRS, budget, 20261129L + d);
            assertTrue(plan.rows() <= budget || plan.pairs() == 2, "d = " + d + ": " + plan.rows() + " rows");
            assertTrue(plan.pairs() >= 2 && plan.pairs() <= Explainer.SAMPLED_PAIRS, "d = " + d + ": " + plan.pairs());
            ShapleyValues.Plan again = ShapleyValues.plan(d, Explainer.SAMPLED_PAIRS, budget, 20261129L + d);
            for (int r = 0; r < plan.rows(); r++) {
                assertEquals(plan.mask(r), again.mask(r), "the same seed gives the same plan");
            }
        }
    }

    @Test
    void aLogisticRegressionGetsItsClosedFormAlsoWhenTooManyFeaturesDifferForExactValues() {
        int numeric = Explainer.EXACT_MAX_FEATURES + 4;
        Random random = new Random(41);
        float[] w = new float[numeric];
        List<FeatureSpec> features = new ArrayList<>();
        Map<String, Object> reference = new HashMap<>();
        Map<String, Object> x = new HashMap<>();
        for (int i = 0; i < numeric; i++) {
            w[i] = (float) random.nextGaussian();
            features.add(FeatureSpec.numeric("a" + i, 0, 1));
            reference.put("a" + i, 0.0);
            x.put("a" + i, Math.round(random.nextGaussian() * 100) / 100.0 + 0.5);
        }
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        ModelSession session = registry.loadPackage(ModelPackages.write(root,
                ModelPackages.card("lr-wide", "1.0.0", features).withReference(reference),
                TestOnnxModels.logistic("features", w, 0.3f, "probability", Map.of())));
        Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY).explain(FeatureLookup.of(x));
        assertFalse(e.exact(), numeric + " differing features are estimated");
        Map<String, Double> actual = byFeature(e);
        for (int i = 0; i < numeric; i++) {
            double xi = ((Number) x.get("a" + i)).doubleValue();
            assertEquals(w[i] * (float) xi, actual.get("a" + i), 2e-5, "a" + i);
        }
        assertTrue(e.maxError() < 1e-4, "every pair agrees on an additive model: stated error " + e.maxError());
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
    void theSameApplicationGetsIdenticalAttributionsAndReasonsFromEveryExplainerExactOrEstimated() {
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
                assertEquals(first.principalAdverse(4), again.principalAdverse(4), "the same reasons, bit for bit");
                assertEquals(first.attributions(), again.attributions(), "the same values and errors, bit for bit");
            }
        }
    }

    @Test
    void cudaGivesTheSameReasonsAsTheCpuExactOrEstimated() {
        assumeTrue(OnnxRuntimeHost.availableProviders().contains(OrtProvider.CUDA), "no CUDA execution provider here");
        Random random = new Random(31);
        Map<String, Object> reference = numericReference(14, random);
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 14; i++) {
            many.put("a" + i, 1.0 + random.nextGaussian());
        }
        Map<String, Object> few = new HashMap<>(reference);
        for (int i = 0; i < 6; i++) {
            few.put("a" + i, many.get("a" + i));
        }
        Explainer cpu = new Explainer(mlp("cpu", 14, false, 66, reference), ExplanationMethod.BASELINE_SHAPLEY);
        Explainer cuda = new Explainer(mlp("cuda", 14, false, 66, reference, ExecutionProviderPolicy.parse("cuda")),
                ExplanationMethod.BASELINE_SHAPLEY);
        for (Map<String, Object> applicant : List.of(many, few)) {
            Explanation a = cpu.explain(FeatureLookup.of(applicant));
            Explanation b = cuda.explain(FeatureLookup.of(applicant));
            assertEquals(a.exact(), b.exact());
            assertEquals(a.principalAdverse(4).stream().map(FeatureAttribution::feature).toList(),
                    b.principalAdverse(4).stream().map(FeatureAttribution::feature).toList());
            Map<String, Double> onCpu = byFeature(a);
            byFeature(b).forEach((feature, value) -> assertEquals(onCpu.get(feature), value, 1e-4, feature));
        }
    }

    @Test
    void aFeatureWithLessThanTheMaterialShareOfTheAdverseTotalIsNoPrincipalReason() {
        List<FeatureAttribution> attributions = List.of(
                new FeatureAttribution("big", "big", 1, 0, 1.00, 0.0),
                new FeatureAttribution("medium", "medium", 1, 0, 0.30, 0.0),
                new FeatureAttribution("small", "small", 1, 0, 0.06, 0.0), // 0.06 / 1.40 = 4.3 %: not material
                new FeatureAttribution("tiny", "tiny", 1, 0, 0.04, 0.0),
                new FeatureAttribution("favourable", "favourable", 1, 0, -0.50, 0.0));
        Explanation e = new Explanation("m", "1", ExplanationMethod.BASELINE_SHAPLEY, true, 0.4, 0.2, attributions);
        assertEquals(1.40, e.adverseTotal(), 1e-12);
        assertEquals(List.of("big", "medium"), e.principalAdverse(4).stream().map(FeatureAttribution::feature).toList());
        assertEquals(List.of("big", "medium", "small", "tiny"), e.topAdverse(4).stream().map(FeatureAttribution::feature).toList());
        assertEquals(List.of("big", "medium", "small"),
                e.principalAdverse(4, 0.04).stream().map(FeatureAttribution::feature).toList());
        ReasonCodeTable table = ReasonCodeTable.parse("""
                feature,direction,code,text
                big,+,R1,Big
                medium,+,R2,Medium
                small,+,R3,Small
                tiny,+,R4,Tiny
                favourable,+,R5,Favourable
                """, "test.csv");
        assertEquals(List.of("R1", "R2"), table.principalReasons(e, 4).stream().map(ReasonCode::code).toList());
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
        // the estimate's own row budget: past k = 3 with 32 rows instead of 2^3, another plan, the same total
        Explanation wider = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 3, 8, 32).explain(FeatureLookup.of(x));
        assertFalse(wider.exact());
        assertEquals(exact.totalContribution(), wider.totalContribution(), 2e-5);
        assertFalse(wider.attributions().equals(estimated.attributions()), "a larger budget scores other coalitions");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 3, 8, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY, 3, 8, 4096));
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
