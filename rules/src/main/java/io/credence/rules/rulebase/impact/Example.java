package io.credence.rules.rulebase.impact;

import io.credence.rules.decision.Outcome;
import java.util.List;

/**
 * An application whose decision changed: its id and the two decisions, nothing else of it.
 *
 * @param line             the line of the portfolio it is on
 * @param applicationId    its id
 * @param baseline         the baseline policy's decision
 * @param baselineReasons  the baseline decision's reason codes
 * @param candidate        the candidate policy's decision
 * @param candidateReasons the candidate decision's reason codes
 */
public record Example(long line, String applicationId, Outcome baseline, List<String> baselineReasons, Outcome candidate,
                      List<String> candidateReasons) {

    public Example {
        baselineReasons = List.copyOf(baselineReasons);
        candidateReasons = List.copyOf(candidateReasons);
    }
}
