package io.credence.rules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KJAR (executable model) and a KieBase built from the same DRL at run time agree. */
class RuleBaseTest {

    private static final Path POLICY_SOURCES = Path.of("src/main/resources/io/credence/rules/policy");

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static CreditDecisionEngine engine;

    @BeforeAll
    static void serveModel() {
        registry = PolicyFixture.serveCreditDefault(models);
        engine = PolicyFixture.engine(registry);
    }

    static PolicyFixture.Builder application() {
        return PolicyFixture.application(engine);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    @Test
    void thePolicyIndexListsEveryPolicyFile() throws IOException {
        try (Stream<Path> files = Files.list(POLICY_SOURCES)) {
            TreeSet<String> onDisk = new TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".drl") || n.endsWith(".csv")).toList());
            assertEquals(onDisk, new TreeSet<>(CreditDecisionEngine.classpathPolicy().keySet()));
        }
    }

    @Test
    void theRuleBaseVersionNamesTheKjarAndDigestsItsDrl() {
        DecisionResult r = application().decide();
        assertTrue(r.ruleBase().coordinates().matches("io\\.credence:credence-rules:\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                r.ruleBase().coordinates());
        assertEquals(r.ruleBase().drlSha256(), CreditDecisionEngine.fromDrl(CreditDecisionEngine.classpathPolicy()).ruleBase().drlSha256());
        Map<String, String> edited = new HashMap<>(CreditDecisionEngine.classpathPolicy());
        edited.put("knockouts.drl", edited.get("knockouts.drl") + "\n// edited\n");
        assertTrue(!r.ruleBase().drlSha256().equals(CreditDecisionEngine.fromDrl(edited).ruleBase().drlSha256()));
    }

    @Test
    void aKieBaseBuiltAtRunTimeDecidesLikeTheKjar() {
        CreditDecisionEngine runtime = CreditDecisionEngine.fromDrl(CreditDecisionEngine.classpathPolicy())
                .withReasonCodes(PolicyFixture.ENGINE.reasonCodes()).withModels(registry);
        List<PolicyFixture.Builder> cases = List.of(
                application(), application().age(17), application().debts(1400), application().debts(1100),
                application().delinquency(2), application().delinquency(4), application().amount(60000).term(120).income(9000),
                application().employment(EmploymentStatus.UNEMPLOYED), application().probability(0.3), application().probability(0.7),
                application().without("risk_signal"));
        for (PolicyFixture.Builder c : cases) {
            DecisionResult kjar = engine.decide(c.build());
            DecisionResult built = runtime.decide(c.build());
            assertEquals(kjar.outcome(), built.outcome());
            assertEquals(kjar.reasons(), built.reasons());
            assertEquals(kjar.principalReasons(), built.principalReasons());
            assertEquals(new TreeSet<>(kjar.rulesFired()), new TreeSet<>(built.rulesFired()));
        }
    }

    @Test
    void theKjarAlsoLoadsThroughAKieContainerAsTheExecutableModel() {
        org.kie.api.runtime.KieContainer container = org.kie.api.KieServices.get()
                .newKieClasspathContainer(getClass().getClassLoader());
        org.kie.api.KieBase kieBase = container.getKieBase(CreditDecisionEngine.KIE_BASE);
        TreeSet<String> rules = new TreeSet<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().forEach(r -> rules.add(r.getName())));
        assertTrue(rules.contains("Decline when the default probability is above the decline cut-off"), rules.toString());
        assertTrue(rules.contains("Refer a high application score with a low-risk history"), rules.toString());
        assertEquals(27, rules.size(), "16 rules, the behaviour model's 2 and the score matrix's 9: " + rules);
        assertTrue(kieBase.getClass().getName().contains("KnowledgeBase"), kieBase.getClass().getName());
    }

    @Test
    void aDrlErrorNamesTheFileAndLine() {
        Map<String, String> broken = new HashMap<>(CreditDecisionEngine.classpathPolicy());
        broken.put("broken.drl", "package io.credence.rules.policy;\n\nrule \"oops\"\nwhen\n    NoSuchFact( x > 1 )\nthen\nend\n");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CreditDecisionEngine.fromDrl(broken));
        assertTrue(ex.getMessage().contains("broken.drl line"), ex.getMessage());
        assertTrue(ex.getMessage().contains("NoSuchFact"), ex.getMessage());
    }
}
