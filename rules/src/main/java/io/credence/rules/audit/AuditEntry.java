package io.credence.rules.audit;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.ExplanationSummary;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What the service hands the audit log for one application, decided or not.
 *
 * @param decisionId      id of the decision (also for rejected applications)
 * @param applicationId   the application's id, or null when the input had none
 * @param channel         {@code rest}, {@code file} or {@code kafka}
 * @param receivedAt      when the application reached the service
 * @param decidedAt       when the decision (or rejection) was made (times are kept to the microsecond)
 * @param rawInput        the input exactly as received (UTF-8 text; a rejection's with its control
 *                        characters escaped, see docs/audit.md); null when it was erased (GDPR) or
 *                        there was none
 * @param status          DECIDED, REJECTED (input broke the contract) or FAILED (internal error)
 * @param outcome         APPROVE / REFER / DECLINE, or null when not decided
 * @param reasons         decision reasons
 * @param scores          model scores (name, version, SHA-256, provider, value, encoded features)
 * @param cutOffs         cut-offs the rules applied
 * @param rulesFired      rules fired, in order
 * @param ruleBase        rule base version (KJAR coordinates and DRL digest), null when not decided
 * @param errors          validation errors or the failure, empty when decided
 * @param principalReasons the principal reasons (at most four), policy reasons first
 * @param attributions    the model's feature attributions behind the reasons
 * @param inputKey        the idempotency key: a keyed hash of the canonical input ({@link AuditLog#inputKey});
 *                        null when the input is not keyed (no applicationId, unreadable, or FAILED). It is
 *                        not part of the hashed record, so that erasure can delete it
 * @param supersedes      the decision id of the application's previous decision, when this one re-decides
 *                        the same {@code applicationId} with different content; null otherwise
 * @param requestedBy     who asked for the decision: the authenticated principal's
 *                        {@link io.credence.rules.security.Principal#id() id} (e.g. {@code api-key:loan-portal},
 *                        {@code jwt:3f2a...}); null when the service ran without access control or the
 *                        channel has no principal (file, Kafka). Hashed only when present, so records
 *                        written before it existed keep their hash. For an ERASURE record: who erased
 * @param erasure         what an ERASURE record erased and why; null for every other status
 * @param explanation     how the attributions were computed (model, version, method, exact, largest stated
 *                        error); null when the model was not explained. Hashed only when present, so records
 *                        written before it existed keep their hash; not personal (it describes the method, not
 *                        the applicant)
 */
public record AuditEntry(
        String decisionId,
        String applicationId,
        String channel,
        Instant receivedAt,
        Instant decidedAt,
        String rawInput,
        Status status,
        String outcome,
        List<Reason> reasons,
        List<ScoreSummary> scores,
        Map<String, Double> cutOffs,
        List<String> rulesFired,
        RuleBaseVersion ruleBase,
        List<String> errors,
        List<Reason> principalReasons,
        List<FeatureAttribution> attributions,
        String inputKey,
        String supersedes,
        String requestedBy,
        Erasure erasure,
        ExplanationSummary explanation) {

    /** An entry without an explanation summary (see {@link #explanation()}). */
    public AuditEntry(String decisionId, String applicationId, String channel, Instant receivedAt, Instant decidedAt,
                      String rawInput, Status status, String outcome, List<Reason> reasons, List<ScoreSummary> scores,
                      Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, List<String> errors,
                      List<Reason> principalReasons, List<FeatureAttribution> attributions, String inputKey,
                      String supersedes, String requestedBy, Erasure erasure) {
        this(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons, scores, cutOffs,
                rulesFired, ruleBase, errors, principalReasons, attributions, inputKey, supersedes, requestedBy, erasure,
                null);
    }

    /** An entry that is not an erasure record. */
    public AuditEntry(String decisionId, String applicationId, String channel, Instant receivedAt, Instant decidedAt,
                      String rawInput, Status status, String outcome, List<Reason> reasons, List<ScoreSummary> scores,
                      Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, List<String> errors,
                      List<Reason> principalReasons, List<FeatureAttribution> attributions, String inputKey,
                      String supersedes, String requestedBy) {
        this(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons, scores, cutOffs,
                rulesFired, ruleBase, errors, principalReasons, attributions, inputKey, supersedes, requestedBy, null);
    }

    /** An entry with no recorded requester (see {@link #requestedBy()}). */
    public AuditEntry(String decisionId, String applicationId, String channel, Instant receivedAt, Instant decidedAt,
                      String rawInput, Status status, String outcome, List<Reason> reasons, List<ScoreSummary> scores,
                      Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, List<String> errors,
                      List<Reason> principalReasons, List<FeatureAttribution> attributions, String inputKey,
                      String supersedes) {
        this(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons, scores, cutOffs,
                rulesFired, ruleBase, errors, principalReasons, attributions, inputKey, supersedes, null);
    }

    /** An entry without principal reasons or attributions (rejected and failed applications). */
    public AuditEntry(String decisionId, String applicationId, String channel, Instant receivedAt, Instant decidedAt,
                      String rawInput, Status status, String outcome, List<Reason> reasons, List<ScoreSummary> scores,
                      Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, List<String> errors) {
        this(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons, scores, cutOffs,
                rulesFired, ruleBase, errors, List.of(), List.of(), null, null);
    }

    /** An entry that is neither keyed for idempotency nor supersedes another decision. */
    public AuditEntry(String decisionId, String applicationId, String channel, Instant receivedAt, Instant decidedAt,
                      String rawInput, Status status, String outcome, List<Reason> reasons, List<ScoreSummary> scores,
                      Map<String, Double> cutOffs, List<String> rulesFired, RuleBaseVersion ruleBase, List<String> errors,
                      List<Reason> principalReasons, List<FeatureAttribution> attributions) {
        this(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons, scores, cutOffs,
                rulesFired, ruleBase, errors, principalReasons, attributions, null, null);
    }

    /** This entry with its idempotency key and the decision it supersedes (either may be null). */
    public AuditEntry keyed(String key, String supersededDecisionId) {
        return new AuditEntry(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons,
                scores, cutOffs, rulesFired, ruleBase, errors, principalReasons, attributions, key, supersededDecisionId,
                requestedBy, erasure, explanation);
    }

    /** This entry with who requested it (null: nobody recorded). */
    public AuditEntry requestedBy(String principalId) {
        return new AuditEntry(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons,
                scores, cutOffs, rulesFired, ruleBase, errors, principalReasons, attributions, inputKey, supersedes,
                principalId, erasure, explanation);
    }

    /** This entry with its personal texts and values as given (the rest as it is). */
    AuditEntry withPersonal(String rawInput, List<Reason> reasons, List<ScoreSummary> scores, List<String> errors,
                            List<Reason> principalReasons, List<FeatureAttribution> attributions) {
        return new AuditEntry(decisionId, applicationId, channel, receivedAt, decidedAt, rawInput, status, outcome, reasons,
                scores, cutOffs, rulesFired, ruleBase, errors, principalReasons, attributions, inputKey, supersedes,
                requestedBy, erasure, explanation);
    }

    /** The entry for a decided application. */
    public static AuditEntry ofDecision(DecisionResult result, String channel, Instant receivedAt, String rawInput) {
        return new AuditEntry(result.decisionId(), result.applicationId(), channel, receivedAt, result.decidedAt(),
                rawInput, Status.DECIDED, result.outcome().name(), result.reasons(), result.scores(), result.cutOffs(),
                result.rulesFired(), result.ruleBase(), List.of(), result.principalReasons(), result.attributions(), null, null,
                null, null, result.explanation());
    }

    /** The longest {@link #requestedBy()}: a method prefix and an OIDC subject (at most 255 characters). */
    public static final int MAX_REQUESTED_BY = 300;

    /**
     * The erasure record of an application's (or one decision's) personal data: it is appended
     * to the chain like any record, names every record whose personal data it erased, and is
     * written by {@link AuditLog#erase}.
     */
    public static AuditEntry ofErasure(String decisionId, String applicationId, String channel, Instant at,
                                       String erasedBy, Erasure erasure) {
        return new AuditEntry(decisionId, applicationId, channel, at, at, null, Status.ERASURE, null, List.of(), List.of(),
                Map.of(), List.of(), null, List.of(), List.of(), List.of(), null, null, erasedBy, erasure);
    }

    /** The longest legal basis an erasure record keeps. */
    public static final int MAX_LEGAL_BASIS = 1000;

    /**
     * What an ERASURE record erased.
     *
     * @param scope       {@code application} (every record of {@link AuditEntry#applicationId()}) or
     *                    {@code decision} (one record, for a rejected input without a usable application id)
     * @param decisionIds the records whose personal data was erased by this erasure, in chain order
     * @param legalBasis  why, as the person who erased it gave it (e.g. "GDPR Art. 17(1)(a), request 2026-113");
     *                    it must not itself hold personal data
     */
    public record Erasure(String scope, List<String> decisionIds, String legalBasis) {
        public static final String APPLICATION = "application";
        public static final String DECISION = "decision";

        public Erasure {
            if (!APPLICATION.equals(scope) && !DECISION.equals(scope)) {
                throw new IllegalArgumentException("erasure scope must be " + APPLICATION + " or " + DECISION + ", was "
                        + scope);
            }
            if (decisionIds == null || decisionIds.isEmpty()) {
                throw new IllegalArgumentException("an erasure record names at least one erased decision");
            }
            decisionIds = List.copyOf(decisionIds);
            if (legalBasis == null || legalBasis.isBlank() || legalBasis.length() > MAX_LEGAL_BASIS) {
                throw new IllegalArgumentException("the legal basis of an erasure is required, 1.." + MAX_LEGAL_BASIS
                        + " characters, was " + (legalBasis == null ? "null" : legalBasis.length() + " characters"));
            }
        }
    }

    /**
     * What became of the application: DECIDED, REJECTED (the input broke the contract), FAILED
     * (internal error); ERASURE is not an application but the record of an erasure ({@link #erasure()}).
     */
    public enum Status { DECIDED, REJECTED, FAILED, ERASURE }

    public AuditEntry {
        if (decisionId == null || decisionId.isBlank()) {
            throw new IllegalArgumentException("decisionId is required, was " + (decisionId == null ? "null" : "blank"));
        }
        if (decisionId.length() > 100) {
            throw new IllegalArgumentException("decisionId must be at most 100 characters, was " + decisionId.length());
        }
        if (applicationId != null && applicationId.length() > 200) {
            throw new IllegalArgumentException("applicationId must be at most 200 characters, was " + applicationId.length());
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("channel is required for decision " + decisionId);
        }
        if (channel.length() > 32) {
            throw new IllegalArgumentException("channel must be at most 32 characters, was " + channel.length()
                    + " for decision " + decisionId);
        }
        if (outcome != null && outcome.length() > 16) {
            throw new IllegalArgumentException("outcome must be at most 16 characters, was " + outcome.length()
                    + " for decision " + decisionId);
        }
        if (inputKey != null && !inputKey.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("inputKey must be 64 lower-case hex digits for decision " + decisionId);
        }
        if (inputKey != null && applicationId == null) {
            throw new IllegalArgumentException("an inputKey needs an applicationId, decision " + decisionId + " has none");
        }
        if (supersedes != null && supersedes.length() > 100) {
            throw new IllegalArgumentException("supersedes must be a decision id of at most 100 characters for decision "
                    + decisionId);
        }
        if (requestedBy != null && (requestedBy.isBlank() || requestedBy.length() > MAX_REQUESTED_BY)) {
            throw new IllegalArgumentException("requestedBy must be 1.." + MAX_REQUESTED_BY
                    + " characters for decision " + decisionId);
        }
        if (decidedAt == null) {
            throw new IllegalArgumentException("decidedAt is required for decision " + decisionId);
        }
        if (status == null) {
            throw new IllegalArgumentException("status is required for decision " + decisionId);
        }
        if ((status == Status.ERASURE) != (erasure != null)) {
            throw new IllegalArgumentException("an ERASURE record, and only one, says what it erased (decision "
                    + decisionId + ", status " + status + ")");
        }
        // Kept to the microsecond, the finest time PostgreSQL stores, so a record reads back as written.
        receivedAt = receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MICROS);
        decidedAt = decidedAt.truncatedTo(ChronoUnit.MICROS);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        scores = scores == null ? List.of() : List.copyOf(scores);
        cutOffs = cutOffs == null ? Map.of() : Map.copyOf(cutOffs);
        rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
        errors = errors == null ? List.of() : List.copyOf(errors);
        principalReasons = principalReasons == null ? List.of() : List.copyOf(principalReasons);
        attributions = attributions == null ? List.of() : List.copyOf(attributions);
    }
}
