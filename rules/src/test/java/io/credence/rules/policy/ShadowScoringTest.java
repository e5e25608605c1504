package io.credence.rules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.ModelRoute;
import io.credence.plugin.registry.ModelRouting;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.EntryJson;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.decision.ScoreSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion, challenger and shadow through the shipped policy: the assigned version decides, the
 * shadow's score is in the result and the audit entry (flagged) and never in the decision.
 */
class ShadowScoringTest {

    @TempDir
    Path root;

    @Test
    void aShadowThatWouldDeclineIsRecordedButTheChampionsApprovalStands() {
        List<FeatureSpec> features = List.of(FeatureSpec.numeric("risk_signal", 0, 1), FeatureSpec.numeric("stability", 0, 1));
        Map<String, Object> reference = Map.of("risk_signal", PolicyFixture.signalFor(0.10), "stability", 0.0);
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            // 1.0.0: sigmoid(risk_signal), 0.10 for the test application (approve); 2.0.0: always 0.90 (would decline)
            registry.loadPackage(ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0", features)
                    .withReference(reference), TestOnnxModels.logistic("features", new float[] {1f, 0f}, 0f, "probability", Map.of())));
            registry.loadPackage(ModelPackages.write(root, ModelPackages.card("credit-default", "2.0.0", features)
                    .withReference(reference), TestOnnxModels.constant("features", 2, 0.90f, "probability")));
            registry.routing(new ModelRouting(Map.of("credit-default",
                    new ModelRoute("credit-default", "1.0.0", null, 0, List.of("2.0.0")))));
            CreditDecisionEngine engine = CreditDecisionEngine.of(RuleBase.builtIn())
                    .withReasonCodes(PolicyFixture.ENGINE.reasonCodes()).withModels(registry);

            DecisionResult result = PolicyFixture.application(engine).decide();

            assertEquals(Outcome.APPROVE, result.outcome(), result.reasons().toString());
            assertFalse(result.reasonCodes().contains("MODEL_HIGH_RISK"), result.reasonCodes().toString());
            assertEquals(2, result.scores().size(), result.scores().toString());
            ScoreSummary champion = result.scores().get(0);
            ScoreSummary shadow = result.scores().get(1);
            assertEquals(List.of("1.0.0", "champion", "2.0.0", "shadow"),
                    List.of(champion.version(), champion.role(), shadow.version(), shadow.role()));
            assertEquals(0.10, champion.value(), 1e-6);
            assertEquals(0.90, shadow.value(), 1e-6);
            assertTrue(shadow.shadow() && !champion.shadow());
            assertTrue(result.cutOffs().values().stream().noneMatch(v -> Math.abs(v - 0.90) < 1e-9),
                    "no cut-off was taken on the shadow's score: " + result.cutOffs());

            AuditEntry entry = AuditEntry.ofDecision(result, "rest", Instant.now(), "{}");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> recorded = (List<Map<String, Object>>) EntryJson.of(entry,
                    EntryJson.View.RECORD_FORMAT_2).get("scores");
            assertEquals(List.of("champion", "shadow"), recorded.stream().map(s -> s.get("role")).toList());
        }
    }
}
