package io.credence.rules.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.ModelRole;
import io.credence.plugin.registry.ModelRoute;
import io.credence.plugin.registry.ModelRouting;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code models compare-live} over a real H2 audit log written by real decisions: a champion that
 * approves, a challenger on half the traffic that declines, a shadow that would approve.
 */
class CompareLiveTest {

    static final int APPLICATIONS = 80;

    @TempDir
    Path dir;

    private static String json(String id) {
        return "{\"applicationId\":\"" + id + "\",\"applicantAge\":35,\"monthlyIncome\":4000,\"monthlyDebtPayments\":500,"
                + "\"requestedAmount\":12000,\"termMonths\":24,\"employmentStatus\":\"EMPLOYED\",\"worstDelinquencyMonths\":0,"
                + "\"modelInputs\":{\"risk_signal\":" + Math.log(0.10 / 0.90) + ",\"stability\":3.0}}";
    }

    @Test
    void reportsEachVersionsScoresDecisionsAndTheAgreementOfTheShadowWithEachDecidingVersion() throws Exception {
        List<FeatureSpec> features = List.of(FeatureSpec.numeric("risk_signal", 0, 1), FeatureSpec.numeric("stability", 0, 1));
        Map<String, Object> reference = Map.of("risk_signal", Math.log(0.10 / 0.90), "stability", 0.0);
        String url = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        ModelRoute route = new ModelRoute("credit-default", "1.0.0", "1.1.0", 0.5, List.of("2.0.0"));
        int challenged = 0;
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
             JdbcAuditLog log = JdbcAuditLog.open(url, "sa", "")) {
            Path models = dir.resolve("models");
            registry.loadPackage(ModelPackages.write(models, ModelPackages.card("credit-default", "1.0.0", features)
                    .withReference(reference), TestOnnxModels.logistic("features", new float[] {1f, 0f}, 0f, "probability", Map.of())));
            registry.loadPackage(ModelPackages.write(models, ModelPackages.card("credit-default", "1.1.0", features)
                    .withReference(reference), TestOnnxModels.constant("features", 2, 0.90f, "probability")));
            registry.loadPackage(ModelPackages.write(models, ModelPackages.card("credit-default", "2.0.0", features)
                    .withReference(reference), TestOnnxModels.constant("features", 2, 0.02f, "probability")));
            registry.routing(new ModelRouting(Map.of("credit-default", route)));
            CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath().withReasonCodes(ReasonCodeTable.parse("""
                    feature,direction,code,text
                    risk_signal,+,RC99,Risk signal of the test model
                    stability,+,RC98,Stability of the test applicant
                    """, "test")).withModels(registry);
            ApplicationReader reader = new ApplicationReader(ApplicationSchema.load());
            for (int i = 0; i < APPLICATIONS; i++) {
                String id = "APP-" + i;
                DecisionResult result = engine.decide(reader.read(json(id)));
                assertEquals(route.assign(id) == ModelRole.CHALLENGER ? "DECLINE" : "APPROVE", result.outcome().name(),
                        id + " " + result.reasons());
                challenged += route.assign(id) == ModelRole.CHALLENGER ? 1 : 0;
                log.append(AuditEntry.ofDecision(result, "rest", Instant.now(), json(id)));
            }
        }
        assertTrue(challenged > 20 && challenged < 60, "about half challenged, was " + challenged);

        Path report = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new ModelsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute("compare-live", "--db", url, "--user", "sa", "--model", "credit-default", "--json", report.toString());
        assertEquals(0, exit, out.toString());
        String text = out.toString();
        assertTrue(text.contains("credit-default: " + APPLICATIONS + " audit records, " + APPLICATIONS
                + " decided applications scored"), text);
        assertTrue(text.contains("agreement 1.1.0 vs 2.0.0: " + challenged + " applications scored by both, same decision"
                + " for 0.0% of " + challenged + " re-decided"), text);
        assertFalse(text.contains("1.0.0 vs 1.1.0"), "no application was scored by both deciding versions: " + text);

        JsonNode r = JsonMapper.builder().build().readTree(Files.readString(report));
        JsonNode champion = r.get("versions").get(0);
        JsonNode challenger = r.get("versions").get(1);
        JsonNode shadow = r.get("versions").get(2);
        assertEquals(List.of("1.0.0", "champion", "1.1.0", "challenger", "2.0.0", "shadow"),
                List.of(champion.get("version").asString(), champion.get("roles").get(0).asString(),
                        challenger.get("version").asString(), challenger.get("roles").get(0).asString(),
                        shadow.get("version").asString(), shadow.get("roles").get(0).asString()));
        assertEquals(APPLICATIONS - challenged, champion.get("scored").asLong());
        assertEquals(challenged, challenger.get("scored").asLong());
        assertEquals(APPLICATIONS, shadow.get("scored").asLong());
        assertEquals(0.10, champion.get("p50").asDouble(), 1e-6);
        assertEquals(0.90, challenger.get("p90").asDouble(), 1e-6);
        assertEquals(challenged, challenger.get("histogram").get(8).asLong() + challenger.get("histogram").get(9).asLong());
        // the recorded decisions, and each re-decided with the version's own score reproduces them
        assertEquals(APPLICATIONS - challenged, champion.get("decided").get("APPROVE").asLong());
        assertEquals(APPLICATIONS - challenged, champion.get("reproduced").asLong());
        assertEquals(challenged, challenger.get("decided").get("DECLINE").asLong());
        assertEquals(challenged, challenger.get("reproduced").asLong());
        // the shadow decided nothing; its score would have approved everyone
        assertTrue(shadow.get("decided").isEmpty());
        assertEquals(APPLICATIONS, shadow.get("wouldHave").get("APPROVE").asLong());
        JsonNode withChampion = r.get("agreements").get(0);
        assertEquals("1.0.0", withChampion.get("a").asString());
        assertEquals("2.0.0", withChampion.get("b").asString());
        assertEquals(1.0, withChampion.get("decisionAgreement").asDouble(), 1e-9);
        assertEquals(0.08, withChampion.get("meanAbsoluteDifference").asDouble(), 1e-6);
        assertEquals(0.0, r.get("agreements").get(1).get("decisionAgreement").asDouble(), 1e-9);
    }

    @Test
    void aStoreThatDoesNotExistIsReportedAndNotCreated() {
        Path missing = dir.resolve("nowhere");
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new ModelsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute("compare-live", "--db", "jdbc:h2:file:" + missing.toAbsolutePath(), "--model", "credit-default");
        assertEquals(ModelsCommand.UNAVAILABLE, exit, out.toString());
        assertFalse(Files.exists(dir.resolve("nowhere.mv.db")), "nothing is created");
    }
}
