package io.credence.rules.rulebase.scenario;

import io.credence.rules.decision.Outcome;
import java.util.List;

/**
 * What the policy decided for a scenario, against what it expected.
 *
 * @param scenario    the scenario
 * @param decision    the outcome, or null when the decision failed
 * @param reasons     the decision's reason codes, in the decision's order
 * @param differences what differs from the expectation (empty = passed), in words
 * @param rulesFired  the rules that fired for it, in order
 */
public record ScenarioResult(Scenario scenario, Outcome decision, List<String> reasons, List<String> differences,
                             List<String> rulesFired) {

    public ScenarioResult {
        reasons = List.copyOf(reasons);
        differences = List.copyOf(differences);
        rulesFired = List.copyOf(rulesFired);
    }

    public boolean passed() {
        return differences.isEmpty();
    }
}
