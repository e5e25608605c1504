package io.credence.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.drl.ModelExplanation;
import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model output that is not a probability (NaN, an infinity, below 0, above 1) never becomes a
 * score, on any path: one row, micro-batched, batch and explanation. It is counted per registry
 * and model version.
 */
class ModelOutputGuardTest {

    static final String MODEL = "credit-default";
    static final String ID = MODEL + "@1.0.0";
    static final List<FeatureSpec> ONE_FEATURE = List.of(FeatureSpec.numeric("x", 0, 1));

    @TempDir
    Path root;

    private final List<ModelRegistry> registries = new ArrayList<>();
    /** The DRL binding of the registry served last. */
    private RuleModels models = RuleModels.NONE;

    @AfterEach
    void close() {
        registries.forEach(ModelRegistry::close);
    }

    /** A registry serving {@value #MODEL} 1.0.0 as {@code onnx}, and the DRL binding scoring with it. */
    private ModelRegistry serve(byte[] onnx) {
        return serve(ModelPackages.card(MODEL, "1.0.0", ONE_FEATURE), onnx);
    }

    private ModelRegistry serve(ModelCard card, byte[] onnx) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registries.add(registry);
        registry.loadPackage(ModelPackages.write(root.resolve("r" + registries.size()), card, onnx));
        models = RuleModels.of(registry);
        return registry;
    }

    private static byte[] answering(float value) {
        return TestOnnxModels.constant("features", 1, value, "probability");
    }

    private static long invalid(ModelRegistry registry) {
        return registry.invalidOutputs().get(ID);
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, -0.5f, 1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void anOutputThatIsNotAProbabilityGivesAnUnscoredFactNamingTheModelAndTheValue(float output) {
        ModelRegistry registry = serve(answering(output));
        ModelScore score = models.score(MODEL, Map.of("x", 0.3));
        assertFalse(score.isScored(), score::toString);
        assertTrue(Double.isNaN(score.getProbability()));
        assertEquals("1.0.0", score.getVersion());
        assertEquals("model " + ID + ": returned " + (double) output
                + ", expected a probability in [0, 1] (output 'probability', column 0)", score.getFailure());
        assertEquals(Map.of(ID, 1L), registry.invalidOutputs());
    }

    @Test
    void theSessionRefusesTheValueWithTheModelIdAndTheValue() {
        ModelRegistry registry = serve(answering(-0.5f));
        ModelSession session = registry.active(MODEL);
        InvalidModelOutputException refused = assertThrows(InvalidModelOutputException.class,
                () -> registry.score(MODEL, Map.of("x", 0.3)));
        assertEquals(ID, refused.modelId());
        assertEquals(-0.5, refused.value(), 0.0);
        assertEquals(1, session.invalidOutputs());
    }

    @Test
    void minusZeroIsTheValidProbabilityZero() {
        ModelRegistry registry = serve(answering(-0.0f));
        ModelScore score = models.score(MODEL, Map.of("x", 0.3));
        assertTrue(score.isScored(), score::toString);
        assertEquals(0L, Double.doubleToRawLongBits(score.getProbability()), "+0.0, not -0.0");
        ModelSession session = registry.active(MODEL);
        EncodedApplication row = session.encoder().encode(FeatureLookup.of(Map.of("x", 0.3)));
        assertEquals(0L, Double.doubleToRawLongBits(session.scoreBatch(List.of(row, row))[1]));
        assertEquals(Map.of(ID, 0L), registry.invalidOutputs());
    }

    @Test
    void probabilitiesAtTheEdgesStillScore() {
        ModelRegistry registry = serve(TestOnnxModels.identity("features", "probability"));
        assertEquals(0.0, models.score(MODEL, Map.of("x", 0.0)).getProbability(), 0.0);
        assertEquals(1.0, models.score(MODEL, Map.of("x", 1.0)).getProbability(), 0.0);
        assertEquals(0L, invalid(registry));
    }

    @Test
    void microBatchedCallersWithInvalidRowsFailAloneAndEachIsCounted() throws Exception {
        ModelRegistry registry = serve(TestOnnxModels.identity("features", "probability")).microBatching(16);
        float[] outputs = {0.2f, -0.5f, 0.7f, 1.5f};
        int callers = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<ModelScore>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                double x = outputs[i % outputs.length];
                futures.add(pool.submit(() -> models.score(MODEL, Map.of("x", x))));
            }
            for (int i = 0; i < callers; i++) {
                double expected = outputs[i % outputs.length];
                ModelScore score = futures.get(i).get(30, TimeUnit.SECONDS);
                if (expected >= 0 && expected <= 1) {
                    assertTrue(score.isScored(), "caller " + i + ": " + score);
                    assertEquals(expected, score.getProbability(), 0.0, "caller " + i);
                } else {
                    assertFalse(score.isScored(), "caller " + i + ": " + score);
                    assertTrue(score.getFailure().contains(ID + ": returned " + expected + ", expected a probability in [0, 1]"),
                            "caller " + i + ": " + score.getFailure());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers / 2, invalid(registry));
    }

    @Test
    void microBatchedCallersOfANaNModelAllGetAnUnscoredFactAndNoneHangs() throws Exception {
        ModelRegistry registry = serve(answering(Float.NaN)).microBatching(16);
        int callers = 500;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<ModelScore>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> models.score(MODEL, Map.of("x", 0.3))));
            }
            for (Future<ModelScore> f : futures) {
                ModelScore score = f.get(30, TimeUnit.SECONDS);
                assertFalse(score.isScored(), score::toString);
                assertTrue(score.getFailure().contains("returned NaN"), score.getFailure());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers, invalid(registry));
    }

    @Test
    void batchScoringRefusesABatchWithAnInvalidRowNamingItAndCountsEveryInvalidRow() {
        ModelRegistry registry = serve(TestOnnxModels.identity("features", "probability"));
        ModelSession session = registry.active(MODEL);
        List<EncodedApplication> rows = List.of(0.2, -0.5, 0.4, 1.5).stream()
                .map(x -> session.encoder().encode(FeatureLookup.of(Map.of("x", x)))).toList();
        InvalidModelOutputException refused = assertThrows(InvalidModelOutputException.class, () -> session.scoreBatch(rows));
        assertTrue(refused.getMessage().contains("returned -0.5 for row 1 of 4 (2 of 4 rows not a probability)"),
                refused.getMessage());
        assertEquals(2, session.invalidOutputs());
        assertEquals(0.4, session.scoreBatch(rows.subList(2, 3))[0], 1e-7, "a valid batch still scores");
    }

    @Test
    void bufferScoringRefusesInvalidRowsOnThePooledAndTheLargeBatchPath() {
        ModelRegistry registry = serve(TestOnnxModels.identity("features", "probability"));
        ModelSession session = registry.active(MODEL);
        for (int batch : new int[] {3, ModelSession.POOLED_BATCH_ROWS + 1}) {
            float[] column = new float[batch];
            java.util.Arrays.fill(column, 0.25f);
            column[batch - 1] = Float.NaN;
            long before = session.invalidOutputs();
            InvalidModelOutputException refused = assertThrows(InvalidModelOutputException.class,
                    () -> session.scoreBuffers(List.of(column), batch));
            assertTrue(refused.getMessage().contains("returned NaN for row " + (batch - 1) + " of " + batch),
                    refused.getMessage());
            assertEquals(before + 1, session.invalidOutputs(), "batch of " + batch);
        }
    }

    @Test
    void anExplanationWhoseRowsAreNotProbabilitiesFailsInsteadOfExplaining() {
        // the application scores 0.3; the reference applicant (x = 1.5) does not (baseline Shapley
        // over one differing feature scores two rows: the reference, then the applicant)
        ModelRegistry registry = serve(ModelPackages.card(MODEL, "1.0.0", ONE_FEATURE).withReference(Map.of("x", 1.5)),
                TestOnnxModels.identity("features", "probability"));
        ModelScore score = models.score(MODEL, Map.of("x", 0.3));
        assertTrue(score.isScored(), score::toString);
        ModelExplanation explanation = models.explain(score);
        assertFalse(explanation.isExplained());
        assertTrue(explanation.getFailure().contains(ID + ": returned 1.5 for row 0 of 2"), explanation.getFailure());
        assertEquals(1L, invalid(registry));
    }

    @Test
    void twoRegistriesInOneProcessCountTheirInvalidOutputsApart() {
        ModelRegistry first = serve(answering(Float.NaN));
        ModelRegistry second = serve(answering(Float.NaN));
        models = RuleModels.of(first);
        models.score(MODEL, Map.of("x", 0.3));
        models.score(MODEL, Map.of("x", 0.3));
        assertEquals(2L, invalid(first));
        assertEquals(0L, invalid(second));
    }
}
