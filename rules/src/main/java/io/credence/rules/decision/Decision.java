package io.credence.rules.decision;

import io.credence.plugin.drl.ModelExplanation;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.explain.ReasonCode;
import io.credence.plugin.explain.ReasonCodeTable;
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
    private ReasonCodeTable reasonCodes;
    private final List<ReasonCode> modelReasonCodes = new ArrayList<>();
    private final List<FeatureAttribution> attributions = new ArrayList<>();
    private String explanationFailure;
    private ExplanationSummary explanation;

    /** Most principal reasons a decision gives (adverse-action notices list up to four). */
    public static final int MAX_PRINCIPAL_REASONS = 4;

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

    /**
     * Takes the model's explanation: its most adverse features become model reason codes (from
     * reason-codes.csv) that fill the principal reasons after the policy reasons.
     */
    public void modelReasons(ModelExplanation explanation) {
        if (!explanation.isExplained()) {
            explanationFailure = explanation.getFailure();
            return;
        }
        attributions.clear();
        attributions.addAll(explanation.getExplanation().attributions());
        this.explanation = ExplanationSummary.of(explanation.getExplanation());
        modelReasonCodes.clear();
        if (reasonCodes != null) {
            modelReasonCodes.addAll(reasonCodes.principalReasons(explanation.getExplanation(), MAX_PRINCIPAL_REASONS));
        }
    }

    /** The model's feature attributions behind its reasons (empty when the model did not decline or refer). */
    public List<FeatureAttribution> getAttributions() {
        return Collections.unmodifiableList(attributions);
    }

    /** How the attributions were computed (method, exact or estimated, stated error), or null when not explained. */
    public ExplanationSummary getExplanation() {
        return explanation;
    }

    /** Why the model could not be explained, or null. */
    public String getExplanationFailure() {
        return explanationFailure;
    }

    /**
     * The principal reasons for a DECLINE or REFER, at most four (none for APPROVE): first the
     * policy rules' reasons for that outcome, then — when a model cut-off contributed to it — the
     * model's reason codes, largest attribution first (the generic cut-off reason only when no
     * explanation is available). See docs/explanations.md.
     */
    public List<Reason> principalReasons(List<Reason> ordered) {
        Outcome outcome = getOutcome();
        List<Reason> principal = new ArrayList<>();
        if (outcome == Outcome.APPROVE) {
            return principal;
        }
        List<Reason> modelCutOffs = new ArrayList<>();
        for (Reason r : ordered) {
            if (r.outcome() != outcome) {
                continue;
            }
            if (r.code().equals("MODEL_HIGH_RISK") || r.code().equals("MODEL_MEDIUM_RISK")) {
                modelCutOffs.add(r);
            } else {
                principal.add(r);
            }
        }
        if (!modelCutOffs.isEmpty()) {
            if (modelReasonCodes.isEmpty()) {
                principal.addAll(modelCutOffs);
            } else {
                for (ReasonCode code : modelReasonCodes) {
                    principal.add(new Reason(code.code(), code.text(), outcome, "model explanation: " + code.feature()));
                }
            }
        }
        return principal.size() > MAX_PRINCIPAL_REASONS ? List.copyOf(principal.subList(0, MAX_PRINCIPAL_REASONS)) : principal;
    }

    void setReasonCodes(ReasonCodeTable table) {
        this.reasonCodes = table;
    }

    /** Set by the engine before each rule's consequence so reasons name their rule. */
    void setCurrentRule(String rule) {
        this.currentRule = rule;
    }
}
