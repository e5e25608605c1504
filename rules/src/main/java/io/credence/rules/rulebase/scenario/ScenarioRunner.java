package io.credence.rules.rulebase.scenario;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code credence rules test}: decides every scenario with an engine and compares.
 *
 * <pre>{@code
 * List<ScenarioResult> results = ScenarioRunner.run(engine, ScenarioFile.of(files).scenarios());
 * ScenarioRunner.print(results, out);     // the pass/fail table
 * }</pre>
 */
public final class ScenarioRunner {

    /** The version and provider a score fixed by {@code given.score.<model>} is recorded with. */
    public static final String GIVEN = "given";

    private ScenarioRunner() {
    }

    public static List<ScenarioResult> run(CreditDecisionEngine engine, List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            results.add(run(engine, s));
        }
        return results;
    }

    public static ScenarioResult run(CreditDecisionEngine engine, Scenario scenario) {
        List<ModelScore> given = new ArrayList<>();
        for (Map.Entry<String, Double> e : scenario.givenScores().entrySet()) {
            given.add(ModelScore.precomputed(scenario.application(), e.getKey(), GIVEN, GIVEN, e.getValue()));
        }
        DecisionResult result;
        try {
            result = engine.decide(scenario.application(), given);
        } catch (RuntimeException e) {
            return new ScenarioResult(scenario, null, List.of(), List.of("the decision failed: " + e.getMessage()), List.of());
        }
        List<String> differences = new ArrayList<>();
        if (scenario.expectDecision() != null && scenario.expectDecision() != result.outcome()) {
            differences.add("decision " + result.outcome() + ", expected " + scenario.expectDecision());
        }
        if (scenario.expectReasons() != null) {
            Set<String> actual = new TreeSet<>(result.reasonCodes());
            Set<String> missing = new TreeSet<>(scenario.expectReasons());
            missing.removeAll(actual);
            Set<String> unexpected = new TreeSet<>(actual);
            unexpected.removeAll(scenario.expectReasons());
            if (!missing.isEmpty()) {
                differences.add("missing reasons " + String.join(";", missing));
            }
            if (!unexpected.isEmpty()) {
                differences.add("unexpected reasons " + String.join(";", unexpected));
            }
        }
        return new ScenarioResult(scenario, result.outcome(), result.reasonCodes(), differences, result.rulesFired());
    }

    /** The rules of the engine's rule base that no scenario fired, by name. */
    public static Set<String> rulesNoScenarioFires(CreditDecisionEngine engine, List<ScenarioResult> results) {
        Set<String> silent = new TreeSet<>();
        engine.rules().kieBase().getKiePackages().forEach(p -> p.getRules().forEach(r -> silent.add(r.getName())));
        results.forEach(r -> r.rulesFired().forEach(silent::remove));
        return silent;
    }

    /** The pass/fail table, one line per scenario, then the count. */
    public static void print(List<ScenarioResult> results, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RESULT", "SCENARIO", "WHERE", "DECISION", "REASONS", "DIFFERENCES"});
        for (ScenarioResult r : results) {
            rows.add(new String[] {r.passed() ? "PASS" : "FAIL", r.scenario().applicationId(), r.scenario().where(),
                    r.decision() == null ? "-" : r.decision().name(), String.join(";", r.reasons()),
                    String.join("; ", r.differences())});
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c + 1 < row.length ? String.format("%-" + width[c] + "s  ", row[c]) : row[c]);
            }
            out.println(line.toString().stripTrailing());
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.println();
        out.println(results.size() + " scenarios: " + (results.size() - failed) + " passed, " + failed + " failed");
        out.flush();
    }
}
