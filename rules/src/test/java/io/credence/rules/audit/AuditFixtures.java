package io.credence.rules.audit;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.decision.ExplanationSummary;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Audit entries for tests. */
public final class AuditFixtures {

    public static final Instant DAY_ONE = Instant.parse("2026-03-02T09:15:30.123456Z");
    public static final RuleBaseVersion RULE_BASE = new RuleBaseVersion("io.credence:credence-rules:0.1.0-SNAPSHOT",
            "ab".repeat(32));

    private AuditFixtures() {
    }

    /** A decided application; {@code n} makes ids and times unique. */
    public static AuditEntry decided(int n, String outcome, String modelVersion) {
        return decided("dec-" + n, "app-" + n, DAY_ONE.plusSeconds(3600L * n), outcome, modelVersion);
    }

    public static AuditEntry decided(String decisionId, String applicationId, Instant decidedAt, String outcome,
                                     String modelVersion) {
        Map<String, Float> features = new LinkedHashMap<>();
        features.put("age", 0.3125f);
        features.put("debt_to_income", 0.1f);
        features.put("employment=PERMANENT", 1.0f);
        ScoreSummary score = new ScoreSummary("credit-default", modelVersion, "cd".repeat(32), "CPU", 0.0731,
                null, features);
        Outcome o = Outcome.valueOf(outcome);
        Reason reason = new Reason(o == Outcome.DECLINE ? "KO_DEBT_TO_INCOME" : "SCORE_" + outcome,
                "The applicant's debt <b>&</b> \"income\" ratio was checked.", o, "score-" + outcome.toLowerCase());
        String raw = "{\"applicationId\":\"" + applicationId + "\",\"name\":\"Jane Doe\",\"income\":52000}";
        return new AuditEntry(decisionId, applicationId, "rest", decidedAt.minusMillis(40), decidedAt, raw,
                AuditEntry.Status.DECIDED, outcome, List.of(reason), List.of(score),
                Map.of("credit-default.decline", 0.35, "credit-default.refer", 0.2),
                List.of("score credit-default", "score-" + outcome.toLowerCase()), RULE_BASE, List.of(),
                o == Outcome.APPROVE ? List.of() : List.of(reason,
                        new Reason("RC01", "Status or balance of existing checking account", o, "model explanation: checking_status")),
                o == Outcome.APPROVE ? List.of() : List.of(
                        new FeatureAttribution("checking_status", "status of checking account", "A11", "A14", 0.8125),
                        new FeatureAttribution("age_years", "age in years", "41", "35", -0.03125)));
    }

    /**
     * {@link #decided(int, String, String)} with how its attributions were computed: {@code method},
     * each attribution with the stated {@code error} (NaN: none), and the summary's largest error.
     */
    public static AuditEntry explained(int n, String outcome, ExplanationMethod method, double error) {
        AuditEntry e = decided(n, outcome, "1.1.0");
        List<FeatureAttribution> attributions = e.attributions().stream().map(a -> new FeatureAttribution(a.feature(),
                a.description(), a.value(), a.referenceValue(), a.contribution(), error)).toList();
        boolean exact = method == ExplanationMethod.BASELINE_SHAPLEY && error == 0.0;
        return new AuditEntry(e.decisionId(), e.applicationId(), e.channel(), e.receivedAt(), e.decidedAt(), e.rawInput(),
                e.status(), e.outcome(), e.reasons(), e.scores(), e.cutOffs(), e.rulesFired(), e.ruleBase(), e.errors(),
                e.principalReasons(), attributions, e.inputKey(), e.supersedes(), e.requestedBy(), e.erasure(),
                new ExplanationSummary("credit-default", "1.1.0", method, exact, error));
    }

    /** {@code e} with the idempotency key {@code inputKey} (as the service appends a decided application). */
    public static AuditEntry keyed(AuditEntry e, String inputKey) {
        return new AuditEntry(e.decisionId(), e.applicationId(), e.channel(), e.receivedAt(), e.decidedAt(), e.rawInput(),
                e.status(), e.outcome(), e.reasons(), e.scores(), e.cutOffs(), e.rulesFired(), e.ruleBase(), e.errors(),
                e.principalReasons(), e.attributions(), inputKey, e.supersedes(), e.requestedBy(), e.erasure(),
                e.explanation());
    }

    /** An application rejected because its input broke the contract. */
    public static AuditEntry rejected(int n) {
        Instant at = DAY_ONE.plusSeconds(3600L * n);
        return new AuditEntry("dec-" + n, null, "kafka", at, at, "{not json", AuditEntry.Status.REJECTED, null,
                List.of(), List.of(), Map.of(), List.of(), null, List.of("$: invalid JSON at offset 1"));
    }
}
