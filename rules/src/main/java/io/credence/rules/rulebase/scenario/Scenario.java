package io.credence.rules.rulebase.scenario;

import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.Outcome;
import java.util.Map;
import java.util.Set;

/**
 * One row of a scenario file: an application and what the policy should decide for it.
 *
 * @param file          the scenario file's name
 * @param line          the row's line
 * @param application   the application
 * @param givenScores   model name -> probability fixed by {@code given.score.<model>}; a model
 *                      without one is scored
 * @param expectDecision the expected outcome, or null when unchecked
 * @param expectReasons  the expected set of reason codes, or null when unchecked
 */
public record Scenario(String file, int line, LoanApplication application, Map<String, Double> givenScores,
                       Outcome expectDecision, Set<String> expectReasons) {

    public Scenario {
        givenScores = Map.copyOf(givenScores);
        expectReasons = expectReasons == null ? null : Set.copyOf(expectReasons);
    }

    public String applicationId() {
        return application.getApplicationId();
    }

    /** {@code knock-outs.csv line 4}. */
    public String where() {
        return file + " line " + line;
    }
}
