package io.credence.plugin.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtProvider;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExplainerTest {

    // encoded columns: age (scaled), amount (scaled), housing=own, housing=rent, housing=free, unused
    static final float[] W = {0.9f, -1.3f, 0.4f, -0.2f, 1.1f, 0.0f};
    static final float B = -0.7f;
    static final List<FeatureSpec> FEATURES = List.of(
            FeatureSpec.numeric("age_years", 40, 10),
            FeatureSpec.numeric("credit_amount", 3000, 1500),
            FeatureSpec.categorical("housing", List.of("own", "rent", "free")),
            FeatureSpec.numeric("shoe_size", 42, 2));
    static final Map<String, Object> REFERENCE = Map.of("age_years", 35, "credit_amount", 2500, "housing", "own", "shoe_size", 42);

    @TempDir
    Path root;
    final List<ModelRegistry> registries = new ArrayList<>();

    @AfterEach
    void close() {
        registries.forEach(ModelRegistry::close);
    }

    ModelSession logistic(ExecutionProviderPolicy policy) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(policy));
        registries.add(registry);
        ModelCard card = ModelPackages.card("lr", "1.0.0", FEATURES).withReference(REFERENCE);
        return registry.loadPackage(ModelPackages.write(root, card, TestOnnxModels.logistic("features", W, B, "probability", Map.of())));
    }

    static Map<String, Object> applicant() {
        return Map.of("age_years", 58, "credit_amount", 9000, "housing", "free", "shoe_size", 47);
    }

    static Map<String, Double> closedForm() {
        return Map.of(
                "age_years", W[0] * ((58 - 40) / 10.0 - (35 - 40) / 10.0),
                "credit_amount", W[1] * ((9000 - 3000) / 1500.0 - (2500 - 3000) / 1500.0),
                "housing", (double) (W[4] - W[2]),
                "shoe_size", 0.0);
    }

    @ParameterizedTest
    @EnumSource(ExplanationMethod.class)
    void logisticRegressionAttributionsEqualWeightTimesDistanceOnTheLogit(ExplanationMethod method) {
        Explanation e = new Explainer(logistic(ExecutionProviderPolicy.CPU), method).explain(FeatureLookup.of(applicant()));
        Map<String, Double> expected = closedForm();
        for (FeatureAttribution a : e.attributions()) {
            assertEquals(expected.get(a.feature()), a.contribution(), 2e-5, a.feature());
        }
        assertEquals(Explainer.logit(e.score()) - Explainer.logit(e.referenceScore()), e.totalContribution(), 2e-5);
        assertEquals("age_years", e.attributions().get(0).feature(), "largest adverse attribution first");
    }

    @ParameterizedTest
    @EnumSource(ExplanationMethod.class)
    void aFeatureTheModelIgnoresIsNeverAReason(ExplanationMethod method) {
        Explanation e = new Explainer(logistic(ExecutionProviderPolicy.CPU), method).explain(FeatureLookup.of(applicant()));
        FeatureAttribution shoe = e.attributions().stream().filter(a -> a.feature().equals("shoe_size")).findFirst().orElseThrow();
        assertEquals(0.0, shoe.contribution(), 0.0);
        assertFalse(shoe.adverse());
        assertTrue(e.topAdverse(4).stream().noneMatch(a -> a.feature().equals("shoe_size")));
        assertEquals(List.of("age_years", "housing"), e.topAdverse(4).stream().map(FeatureAttribution::feature).toList());
    }

    @Test
    void theSameApplicationGetsTheSameReasonsOnEveryRunAndEveryAvailableProvider() {
        EnumSet<OrtProvider> available = OnnxRuntimeHost.availableProviders();
        List<ExecutionProviderPolicy> policies = new ArrayList<>(List.of(ExecutionProviderPolicy.CPU));
        if (available.contains(OrtProvider.CUDA)) {
            policies.add(ExecutionProviderPolicy.parse("cuda"));
        }
        ReasonCodeTable table = ReasonCodeTable.parse("""
                feature,direction,code,text
                age_years,+,RC01,Age of applicant
                credit_amount,+,RC02,Amount of credit requested
                housing,+,RC03,Housing situation
                shoe_size,+,RC99,Shoe size
                """, "test.csv");
        List<ReasonCode> first = null;
        for (ExecutionProviderPolicy policy : policies) {
            Explainer explainer = new Explainer(logistic(policy), ExplanationMethod.SHAPLEY_SAMPLING);
            for (int run = 0; run < 5; run++) {
                List<ReasonCode> reasons = table.principalReasons(explainer.explain(FeatureLookup.of(applicant())), 4);
                List<String> codes = reasons.stream().map(ReasonCode::code).toList();
                assertEquals(List.of("RC01", "RC03"), codes, policy.toString());
                if (first == null) {
                    first = reasons;
                }
                for (int i = 0; i < reasons.size(); i++) {
                    assertEquals(first.get(i).contribution(), reasons.get(i).contribution(), 1e-5);
                }
            }
        }
    }

    @Test
    void shapleySamplingAttributionsAddUpToTheLogOddsDifferenceOnANonLinearModel() {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        List<FeatureSpec> features = List.of(FeatureSpec.numeric("a", 0, 1), FeatureSpec.numeric("b", 0, 1), FeatureSpec.numeric("c", 0, 1));
        ModelSession mlp = registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp", "1.0.0", features),
                TestOnnxModels.mlp("features", 3, 8, 11L, "probability", Map.of())));
        Explanation e = new Explainer(mlp, ExplanationMethod.SHAPLEY_SAMPLING).explain(FeatureLookup.of(Map.of("a", 1.5, "b", -2.0, "c", 0.7)));
        assertEquals(Explainer.logit(e.score()) - Explainer.logit(e.referenceScore()), e.totalContribution(), 1e-4);
        assertEquals(mlp.score(FeatureLookup.of(Map.of("a", 1.5, "b", -2.0, "c", 0.7))).value(), e.score(), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(ExplanationMethod.class)
    void featuresAtTheirReferenceValueAreNotRescoredAndTheOthersKeepTheirExactContribution(ExplanationMethod method) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        List<FeatureSpec> features = List.of(FeatureSpec.numeric("a", 0, 1), FeatureSpec.numeric("b", 0, 1),
                FeatureSpec.numeric("c", 0, 1), FeatureSpec.numeric("d", 0, 1));
        Map<String, Object> reference = Map.of("a", 0.2, "b", -0.4, "c", 1.0, "d", 0.0);
        ModelSession mlp = registry.loadPackage(ModelPackages.write(root,
                ModelPackages.card("mlp4", "1.0.0", features).withReference(reference),
                TestOnnxModels.mlp("features", 4, 8, 5L, "probability", Map.of())));
        Map<String, Object> x = Map.of("a", 1.5, "b", -0.4, "c", -0.9, "d", 0.0); // b and d at the reference
        Explanation e = new Explainer(mlp, method).explain(FeatureLookup.of(x));
        Map<String, Double> byFeature = new java.util.HashMap<>();
        e.attributions().forEach(a -> byFeature.put(a.feature(), a.contribution()));
        assertEquals(0.0, byFeature.get("b"));
        assertEquals(0.0, byFeature.get("d"));
        if (method != ExplanationMethod.OCCLUSION) {
            assertEquals(Explainer.logit(e.score()) - Explainer.logit(e.referenceScore()), e.totalContribution(), 1e-4,
                    "the contributions still add up");
        } else {
            double px = mlp.score(FeatureLookup.of(x)).value();
            for (String f : List.of("a", "c")) {
                Map<String, Object> occluded = new java.util.HashMap<>(x);
                occluded.put(f, reference.get(f));
                double expected = Explainer.logit(px) - Explainer.logit(mlp.score(FeatureLookup.of(occluded)).value());
                assertEquals(expected, byFeature.get(f), 1e-5, f);
            }
        }
    }

    @Test
    void explanationsOnManyThreadsAtOnceEqualTheSameExplanationsOneAtATime() throws Exception {
        // The explainer reuses its row buffers across calls and threads: no call may see another's rows.
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        List<FeatureSpec> features = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            features.add(FeatureSpec.numeric("f" + i, 0, 1));
        }
        ModelSession mlp = registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp9", "1.0.0", features),
                TestOnnxModels.mlp("features", 9, 8, 3L, "probability", Map.of())));
        Explainer explainer = new Explainer(mlp, ExplanationMethod.BASELINE_SHAPLEY);
        java.util.Random random = new java.util.Random(7);
        List<Map<String, Object>> applicants = new ArrayList<>();
        for (int a = 0; a < 40; a++) {
            Map<String, Object> x = new java.util.HashMap<>();
            // 1 to 9 features away from the reference (0): occlusion-sized to 512-row batches
            int differing = 1 + a % 9;
            for (int i = 0; i < 9; i++) {
                x.put("f" + i, i < differing ? random.nextGaussian() * 2 : 0.0);
            }
            applicants.add(x);
        }
        List<Explanation> alone = applicants.stream().map(x -> explainer.explain(FeatureLookup.of(x))).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Explanation>> together = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Map<String, Object> x : applicants) {
                    together.add(pool.submit(() -> explainer.explain(FeatureLookup.of(x))));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                Explanation expected = alone.get(i % applicants.size());
                Explanation actual = together.get(i).get();
                assertEquals(expected.score(), actual.score(), 0.0, "applicant " + i % applicants.size());
                for (int k = 0; k < expected.attributions().size(); k++) {
                    assertEquals(expected.attributions().get(k).feature(), actual.attributions().get(k).feature());
                    assertEquals(expected.attributions().get(k).contribution(), actual.attributions().get(k).contribution(),
                            1e-9, "applicant " + i % applicants.size() + " feature " + expected.attributions().get(k).feature());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSequenceChannelIsOnePlayerNamedByItsMostAdverseStepSoAReasonCanNameTheMonth() {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        ModelCard card = new ModelCard(null, "seq", "1.0.0", "0".repeat(64), Instant.EPOCH, null,
                List.of(new InputSpec("history", InputSpec.Layout.sequence, 4, List.of(
                        FeatureSpec.numeric("months_late", 0, 1).withDescription("number of months a payment was late"),
                        FeatureSpec.numeric("bill", 0, 1)))),
                new OutputSpec("probability", 0, "probability of default"),
                new TrainingData("t", ModelPackages.TEST_DATA_SHA, 1, null), null, null);
        ModelSession session = registry.loadPackage(ModelPackages.write(root, card,
                TestOnnxModels.sequenceMean("history", 4, new float[] {2f, 0f}, 0f, "probability")));
        for (ExplanationMethod method : ExplanationMethod.values()) {
            Explanation e = new Explainer(session, method)
                    .explain(FeatureLookup.of(Map.of("months_late", List.of(0, 1, 2, 3), "bill", List.of(5, 5, 5, 5))));
            assertEquals(2, e.attributions().size(), method + ": one player per channel, the whole history");
            FeatureAttribution late = e.attributions().get(0);
            assertEquals("months_late[4]", late.feature(), method + ": named by the step that raised the risk most");
            assertEquals("number of months a payment was late (step 4 of 4, oldest first, the most adverse; the"
                    + " contribution is the whole history's)", late.description());
            assertEquals(3, ((Number) late.value()).intValue(), "the named step's value");
            assertEquals(0.0, ((Number) late.referenceValue()).doubleValue(), 0.0);
            // weight 2 x the mean of (0, 1, 2, 3) against the reference's zeros: the whole history's share
            assertEquals(2.0 * 6 / 4, late.contribution(), 1e-5, method.name());
            FeatureAttribution bill = e.attributions().get(1);
            assertEquals("bill", bill.feature(), "a channel that raised nothing names no step");
            assertEquals("bill (all 4 steps)", bill.description());
            assertEquals(List.of(5, 5, 5, 5), bill.value());
            assertEquals(0.0, bill.contribution(), 0.0);
        }
        Explanation e = new Explainer(session, ExplanationMethod.BASELINE_SHAPLEY)
                .explain(FeatureLookup.of(Map.of("months_late", List.of(0, 1, 2, 3), "bill", List.of(5, 5, 5, 5))));
        assertTrue(e.exact(), "two players: exact");
        ReasonCodeTable table = ReasonCodeTable.parse("""
                feature,direction,code,text
                months_late,+,RC40,"Payment {value} months late in month {step} of 4"
                bill,+,RC41,Balance
                """, "test");
        List<ReasonCode> reasons = table.principalReasons(e, 4);
        assertEquals(1, reasons.size(), "one reason per code: the most adverse month names it");
        assertEquals("RC40", reasons.get(0).code());
        assertEquals("Payment 3 months late in month 4 of 4", reasons.get(0).text());
        assertEquals("months_late[4]", reasons.get(0).feature());
    }
}
