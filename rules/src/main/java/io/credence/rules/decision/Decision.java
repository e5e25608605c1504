package io.credence.rules.decision;

import io.credence.plugin.drl.ModelExplanation;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.explain.ReasonCode;
import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.rules.rulebase.Limit;
import io.credence.rules.rulebase.ReasonTexts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working-memory fact rules write their verdicts to. Each rule adds a reason with the
 * outcome it calls for; the most severe outcome wins, and with no reason at all the decision is
 * REFER (nothing decided it, so a person must).
 *
 * <p>In DRL: {@code $decision.decline("KO_NO_INCOME");} gives the reason with its text from
 * {@code reason-codes.csv}; {@code $decision.refer("MODEL_UNAVAILABLE", java.util.Map.of("failure", $why))}
 * fills the text's placeholders. The bands of the cut-off decision table give their verdicts
 * through {@link #band(CutOffBand)}.
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
    private ReasonTexts texts = ReasonTexts.none();
    /** Reasons given by a band on a model's score: the model's reason codes stand in for them. */
    private final List<Reason> modelBandReasons = new ArrayList<>();

    /** Most principal reasons a decision gives (adverse-action notices list up to four). */
    public static final int MAX_PRINCIPAL_REASONS = 4;

    public Decision(String applicationId) {
        this.applicationId = applicationId;
    }

    public String getApplicationId() {
        return applicationId;
    }

    /** Adds a reason to decline, with the code's text from {@code reason-codes.csv}. */
    public void decline(String code) {
        decline(code, Map.of());
    }

    /** Adds a reason to decline, its text's placeholders filled from {@code values}. */
    public void decline(String code, Map<String, ?> values) {
        reasons.add(new Reason(code, texts.fill(code, values), Outcome.DECLINE, currentRule));
    }

    /** Adds a reason to decline with a text the rule wrote itself (not from {@code reason-codes.csv}). */
    public void decline(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.DECLINE, currentRule));
    }

    /** Adds a reason to refer the application to a person, with the code's text from {@code reason-codes.csv}. */
    public void refer(String code) {
        refer(code, Map.of());
    }

    /** Adds a reason to refer, its text's placeholders filled from {@code values}. */
    public void refer(String code, Map<String, ?> values) {
        reasons.add(new Reason(code, texts.fill(code, values), Outcome.REFER, currentRule));
    }

    /** Adds a reason to refer with a text the rule wrote itself. */
    public void refer(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.REFER, currentRule));
    }

    /** Adds a reason to approve, with the code's text from {@code reason-codes.csv}. */
    public void approve(String code) {
        approve(code, Map.of());
    }

    /** Adds a reason to approve, its text's placeholders filled from {@code values}. */
    public void approve(String code, Map<String, ?> values) {
        reasons.add(new Reason(code, texts.fill(code, values), Outcome.APPROVE, currentRule));
    }

    /** Adds a reason to approve with a text the rule wrote itself. */
    public void approve(String code, String text) {
        reasons.add(new Reason(code, text, Outcome.APPROVE, currentRule));
    }

    /**
     * The verdict of a cut-off band: a reason named after the band's table row, its text filled
     * with {@code {value}}, {@code {lower}} and {@code {upper}} (and {@code {model}} for a band on a
     * model score), and the band's finite limits recorded as cut-offs under their names.
     */
    public void band(CutOffBand band) {
        Map<String, Object> values = new HashMap<>();
        values.put("value", band.value());
        values.put("lower", band.lower().value());
        values.put("upper", band.upper().value());
        if (band.score() != null) {
            values.put("model", band.score().getModel());
        }
        Reason reason = new Reason(band.code(), texts.fill(band.code(), values), band.outcome(), band.rule());
        reasons.add(reason);
        for (Limit limit : List.of(band.lower(), band.upper())) {
            if (limit.isFinite()) {
                cutOffs.put(limit.name(), limit.value());
            }
        }
        if (band.score() != null) {
            modelBandReasons.add(reason);
        }
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
     * policy rules' reasons for that outcome, then — when a band on a model score contributed to it — the
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
            if (modelBandReasons.contains(r)) {
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

    void setReasonTexts(ReasonTexts reasonTexts) {
        this.texts = reasonTexts;
    }

    /** Set by the engine before each rule's consequence so reasons name their rule. */
    void setCurrentRule(String rule) {
        this.currentRule = rule;
    }
}
