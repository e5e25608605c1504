package io.credence.rules.rulebase;

import java.util.List;

/** A policy that cannot be used as it is; the message lists every problem with file and line. */
public final class PolicyException extends IllegalArgumentException {

    private final List<PolicyProblem> problems;

    public PolicyException(String summary, List<PolicyProblem> problems) {
        super(message(summary, problems));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String message(String summary, List<PolicyProblem> problems) {
        StringBuilder text = new StringBuilder(summary);
        for (PolicyProblem p : problems) {
            text.append("\n  ").append(p);
        }
        return text.toString();
    }
}
