package io.credence.rules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.RuleBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No static registry: two rule bases in one JVM, each bound to its own registry with another
 * version of credit-default, decide at the same time and each scores only with its own models.
 */
class TwoRuleBasesTest {

    @TempDir
    Path root;

    @Test
    void twoRuleBasesWithTheirOwnRegistriesDecideConcurrentlyEachWithItsOwnModel() throws Exception {
        List<FeatureSpec> features = List.of(FeatureSpec.numeric("risk_signal", 0, 1), FeatureSpec.numeric("stability", 0, 1));
        Map<String, Object> reference = Map.of("risk_signal", PolicyFixture.signalFor(0.10), "stability", 0.0);
        try (ModelRegistry first = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
             ModelRegistry second = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            // 1.0.0: probability = sigmoid(risk_signal), 0.10 for the test application; 2.0.0: always 0.90
            first.loadPackage(ModelPackages.write(root.resolve("first"), ModelPackages.card("credit-default", "1.0.0", features)
                    .withReference(reference), TestOnnxModels.logistic("features", new float[] {1f, 0f}, 0f, "probability", Map.of())));
            second.loadPackage(ModelPackages.write(root.resolve("second"), ModelPackages.card("credit-default", "2.0.0", features)
                    .withReference(reference), TestOnnxModels.constant("features", 2, 0.90f, "probability")));
            RuleBase one = RuleBase.builtIn();
            RuleBase two = RuleBase.builtIn();
            assertNotSame(one.kieBase(), two.kieBase());
            CreditDecisionEngine approving = CreditDecisionEngine.of(one).withReasonCodes(PolicyFixture.ENGINE.reasonCodes())
                    .withModels(first);
            CreditDecisionEngine declining = CreditDecisionEngine.of(two).withReasonCodes(PolicyFixture.ENGINE.reasonCodes())
                    .withModels(second);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<DecisionResult>> firsts = new ArrayList<>();
                List<Future<DecisionResult>> seconds = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Callable<DecisionResult> a = () -> PolicyFixture.application(approving).decide();
                    Callable<DecisionResult> b = () -> PolicyFixture.application(declining).decide();
                    firsts.add(pool.submit(a));
                    seconds.add(pool.submit(b));
                }
                for (Future<DecisionResult> f : firsts) {
                    DecisionResult r = f.get();
                    assertEquals(Outcome.APPROVE, r.outcome(), r.reasons().toString());
                    assertEquals("1.0.0", r.scores().get(0).version());
                    assertEquals(0.10, r.scores().get(0).value(), 1e-6);
                }
                for (Future<DecisionResult> f : seconds) {
                    DecisionResult r = f.get();
                    assertEquals(Outcome.DECLINE, r.outcome(), r.reasons().toString());
                    assertEquals(List.of("MODEL_HIGH_RISK"), r.reasonCodes());
                    assertEquals("2.0.0", r.scores().get(0).version());
                    assertEquals(0.90, r.scores().get(0).value(), 1e-6);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
