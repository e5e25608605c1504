package io.credence.rules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.ScoreSummary;
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
 * A credit-default model whose output is not a probability (NaN, below 0, above 1) never
 * approves: the shipped policy refers the application with MODEL_UNAVAILABLE, as for any
 * application the model could not score.
 */
class InvalidModelOutputPolicyTest {

    @TempDir
    Path models;
    ModelRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private void serveAModelAnswering(float output) {
        close();
        registry = PolicyFixture.serveCreditDefault(models, TestOnnxModels.constant("features", 2, output, "probability"));
    }

    private static void assertReferredAsUnscored(DecisionResult r, float output) {
        assertEquals(Outcome.REFER, r.outcome(), r::toString);
        assertEquals(List.of("MODEL_UNAVAILABLE"), r.reasonCodes());
        assertTrue(r.reasons().get(0).text().contains("credit-default@1.0.0: returned " + (double) output
                + ", expected a probability in [0, 1]"), r.reasons().get(0).text());
        ScoreSummary score = r.scores().get(0);
        assertNull(score.value());
        assertEquals("1.0.0", score.version());
        assertTrue(r.attributions().isEmpty(), "an unscored application is not explained");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, -0.5f, 1.5f, Float.POSITIVE_INFINITY})
    void aCleanApplicationIsReferredAsUnscoredNeverApproved(float output) {
        serveAModelAnswering(output);
        DecisionResult r = PolicyFixture.application(PolicyFixture.engine(registry)).decide();
        assertReferredAsUnscored(r, output);
        assertEquals(Map.of("credit-default@1.0.0", 1L), registry.invalidOutputs());
    }

    @Test
    void theSameApplicationWithAProbabilityIsApproved() {
        serveAModelAnswering(0.05f);
        assertEquals(List.of("MODEL_LOW_RISK"), PolicyFixture.application(PolicyFixture.engine(registry)).decide().reasonCodes());
        serveAModelAnswering(-0.0f);
        assertEquals(List.of("MODEL_LOW_RISK"), PolicyFixture.application(PolicyFixture.engine(registry)).decide().reasonCodes(), "-0.0 is the probability 0");
    }

    @Test
    void microBatchedConcurrentDecisionsWithANegativeOutputAreAllReferred() throws Exception {
        serveAModelAnswering(-0.5f);
        registry.microBatching(16);
        int decisions = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<DecisionResult>> futures = new ArrayList<>();
            for (int i = 0; i < decisions; i++) {
                futures.add(pool.submit(() -> PolicyFixture.application(PolicyFixture.engine(registry)).decide()));
            }
            for (Future<DecisionResult> f : futures) {
                assertReferredAsUnscored(f.get(60, TimeUnit.SECONDS), -0.5f);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of("credit-default@1.0.0", (long) decisions), registry.invalidOutputs());
    }
}
