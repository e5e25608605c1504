package io.credence.rules.decision;

import io.credence.plugin.explain.FeatureAttribution;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of deciding one application.
 *
 * @param decisionId    unique id of this decision
 * @param applicationId the application's id
 * @param outcome       APPROVE, REFER or DECLINE
 * @param reasons       the reasons of the rules that produced it, most severe first, then by code
 * @param principalReasons at most four principal reasons for a DECLINE or REFER (policy reasons,
 *                      then model reason codes); empty for APPROVE
 * @param attributions  the model's feature attributions behind its reason codes (log-odds scale),
 *                      each with its stated error
 * @param explanation   how those attributions were computed (method, exact, largest stated
 *                      error); null when the model was not explained
 * @param scores        model scores used
 * @param cutOffs       cut-offs the rules applied
 * @param rulesFired    names of the rules that fired, in order
 * @param ruleBase      the rule base version
 * @param decidedAt     when the rules finished
 */
public record DecisionResult(
        String decisionId,
        String applicationId,
        Outcome outcome,
        List<Reason> reasons,
        List<Reason> principalReasons,
        List<FeatureAttribution> attributions,
        ExplanationSummary explanation,
        List<ScoreSummary> scores,
        Map<String, Double> cutOffs,
        List<String> rulesFired,
        RuleBaseVersion ruleBase,
        Instant decidedAt) {

    public DecisionResult {
        reasons = List.copyOf(reasons);
        principalReasons = List.copyOf(principalReasons);
        attributions = List.copyOf(attributions);
        scores = List.copyOf(scores);
        cutOffs = Map.copyOf(cutOffs);
        rulesFired = List.copyOf(rulesFired);
    }

    /** A result without an explanation summary (no model explanation behind it). */
    public DecisionResult(String decisionId, String applicationId, Outcome outcome, List<Reason> reasons,
                          List<Reason> principalReasons, List<FeatureAttribution> attributions, List<ScoreSummary> scores,
                          Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, Instant decidedAt) {
        this(decisionId, applicationId, outcome, reasons, principalReasons, attributions, null, scores, cutOffs, rulesFired,
                ruleBase, decidedAt);
    }

    /** Reason codes in order, handy in tests and logs. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }

    /** Principal reason codes in order. */
    public List<String> principalReasonCodes() {
        return principalReasons.stream().map(Reason::code).toList();
    }
}
