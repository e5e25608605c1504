package io.credence.rules.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working-memory fact rules write their verdicts to. Each rule adds a reason with the
 * outcome it calls for; the most severe outcome wins, and with no reason at all the decision is
 * REFER (nothing decided it, so a person must).
 *
 * <p>In DRL: {@code $decision.decline("KO_UNDERAGE", "The applicant is under 18.");}
 */
public final class Decision {

    private final String applicationId;
    private final List<Reason> reasons = new ArrayList<>();
    private final Map<String, Double> cutOffs = new LinkedHashMap<>();
    private String currentRule = "";

    public Decision(String applicationId) {
        this.applicationId = applicationId;
    }

    public String getApplicationId() {
        return applicationId;
    }

    /** Adds a reason to decline. */
    public void decline(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.DECLINE, currentRule));
    }

    /** Adds a reason to refer the application to a person. */
    public void refer(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.REFER, currentRule));
    }

    /** Adds a reason to approve. */
    public void approve(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.APPROVE, currentRule));
    }

    /** Records a cut-off a rule applied, e.g. {@code cutOff("credit-default.decline", 0.35)}, for the audit record. */
    public void cutOff(String name, double value) {
        cutOffs.put(name, value);
    }

    /** The most severe outcome among the reasons; REFER when there is none. */
    public Outcome getOutcome() {
        if (reasons.isEmpty()) {
            return Outcome.REFER;
        }
        Outcome worst = Outcome.APPROVE;
        for (Reason r : reasons) {
            if (r.outcome().compareTo(worst) > 0) {
                worst = r.outcome();
            }
        }
        return worst;
    }

    /** Reasons in the order the rules gave them. */
    public List<Reason> getReasons() {
        return Collections.unmodifiableList(reasons);
    }

    public Map<String, Double> getCutOffs() {
        return Collections.unmodifiableMap(cutOffs);
    }

    /** Set by the engine before each rule's consequence so reasons name their rule. */
    void setCurrentRule(String rule) {
        this.currentRule = rule;
    }
}
