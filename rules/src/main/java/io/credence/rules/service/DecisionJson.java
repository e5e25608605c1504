package io.credence.rules.service;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.decision.ExplanationSummary;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.service.input.Violation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON every channel answers with. A decision is rendered from its audit record, so what a
 * caller receives is exactly what was stored.
 *
 * <pre>
 * {"decisionId": "...", "applicationId": "...", "status": "DECIDED", "decision": "APPROVE",
 *  "scores": [{"model", "version", "executionProvider", "value"}], "rulesFired": [...],
 *  "reasons": [{"code", "text"}], "principalReasons": [{"code", "text", "source"}],
 *  "attributions": [{"feature", "description", "value", "referenceValue", "contribution", "error"?}],
 *  "explanation"?: {"model", "version", "method", "exact", "maxError"?},
 *  "cutOffs": {...}, "ruleBase": {"coordinates", "drlSha256"}, "supersedes"?, "requestedBy"?}
 * {"error": "...", "decisionId": "...", "violations": [{"field", "value", "expected"}]}
 * {"decisionId", "applicationId", "status": "ERASURE", "requestedBy", "erasure": {"scope", "legalBasis", "decisionIds"}}
 * </pre>
 *
 * <p>{@code error} (an attribution's stated error, log-odds) and {@code maxError} appear only when
 * finite: occlusion states none, and records written before errors were kept have none;
 * {@code explanation} only when the model was explained.
 *
 * <p>The record is read with its personal data put back while it is kept, so a replay answers
 * with the very body of the first answer; after erasure, attribution values are null and reason
 * and error texts read {@code (erased)}.
 */
public final class DecisionJson {

    /** The {@code error} text of a rejected application. */
    public static final String INVALID_APPLICATION = "the application is invalid; it was not decided";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DecisionJson() {
    }

    /** A stored record as the API shows it: a decision, or the rejection/failure with its errors. */
    public static ObjectNode of(AuditRecord record) {
        AuditEntry e = record.entry();
        ObjectNode out = NODES.objectNode();
        out.put("decisionId", e.decisionId());
        out.put("applicationId", e.applicationId());
        out.put("status", e.status().name());
        out.put("channel", e.channel());
        out.put("decidedAt", e.decidedAt().toString());
        if (e.supersedes() != null) {
            out.put("supersedes", e.supersedes());
        }
        if (record.recordHash() != null) {
            // What the applicant or a regulator keeps to ask for the inclusion proof later.
            out.putObject("receipt").put("decisionId", e.decisionId()).put("leafIndex", record.sequence() - 1)
                    .put("recordHash", record.recordHash());
        }
        if (e.requestedBy() != null) {
            out.put("requestedBy", e.requestedBy());
        }
        if (e.status() == AuditEntry.Status.DECIDED) {
            out.put("decision", e.outcome());
            ArrayNode scores = out.putArray("scores");
            for (ScoreSummary s : e.scores()) {
                ObjectNode score = scores.addObject();
                score.put("model", s.model());
                score.put("version", s.version());
                score.put("executionProvider", s.provider());
                if (s.value() == null) {
                    score.putNull("value");
                    score.put("failure", s.failure());
                } else {
                    score.put("value", s.value());
                }
            }
            ArrayNode rules = out.putArray("rulesFired");
            e.rulesFired().forEach(rules::add);
            ArrayNode reasons = out.putArray("reasons");
            for (Reason r : e.reasons()) {
                reasons.addObject().put("code", r.code()).put("text", r.text());
            }
            ArrayNode principal = out.putArray("principalReasons");
            for (Reason r : e.principalReasons()) {
                principal.addObject().put("code", r.code()).put("text", r.text()).put("source", r.rule());
            }
            ArrayNode attributions = out.putArray("attributions");
            for (FeatureAttribution a : e.attributions()) {
                ObjectNode node = attributions.addObject().put("feature", a.feature()).put("description", a.description());
                node.put("value", a.value() == null ? null : String.valueOf(a.value()));
                node.put("referenceValue", a.referenceValue() == null ? null : String.valueOf(a.referenceValue()));
                node.put("contribution", a.contribution());
                if (Double.isFinite(a.error())) {
                    node.put("error", a.error());
                }
            }
            if (e.explanation() != null) {
                ExplanationSummary how = e.explanation();
                ObjectNode x = out.putObject("explanation").put("model", how.model()).put("version", how.version())
                        .put("method", how.method().name()).put("exact", how.exact());
                if (Double.isFinite(how.maxError())) {
                    x.put("maxError", how.maxError());
                }
            }
            ObjectNode cutOffs = out.putObject("cutOffs");
            new TreeMap<>(e.cutOffs()).forEach(cutOffs::put);
            if (e.ruleBase() != null) {
                out.putObject("ruleBase").put("coordinates", e.ruleBase().coordinates())
                        .put("drlSha256", e.ruleBase().drlSha256());
            }
        } else if (e.erasure() != null) {
            ObjectNode erasure = out.putObject("erasure").put("scope", e.erasure().scope())
                    .put("legalBasis", e.erasure().legalBasis());
            ArrayNode ids = erasure.putArray("decisionIds");
            e.erasure().decisionIds().forEach(ids::add);
        } else {
            ArrayNode errors = out.putArray("errors");
            e.errors().forEach(text -> errors.add(errorNode(text)));
        }
        return out;
    }

    /** The error body: {@code {error, decisionId?, violations[]}}. */
    public static ObjectNode error(String message, String decisionId, List<Violation> violations) {
        ObjectNode out = NODES.objectNode();
        out.put("error", message);
        if (decisionId != null) {
            out.put("decisionId", decisionId);
        }
        ArrayNode list = out.putArray("violations");
        for (Violation v : violations) {
            list.addObject().put("field", v.field()).put("value", v.value()).put("expected", v.expected());
        }
        return out;
    }

    /** The body for any outcome: the decision, or the error body of a rejection or failure. */
    public static ObjectNode of(ServiceOutcome outcome) {
        if (outcome instanceof ServiceOutcome.Replayed replay) {
            ObjectNode out = of(replay.record());
            out.put("replayed", true);
            return out;
        }
        if (outcome instanceof ServiceOutcome.Rejected r) {
            return error(INVALID_APPLICATION, r.decisionId(), r.violations());
        }
        if (outcome instanceof ServiceOutcome.Failed f) {
            return error("internal error: " + f.message(), f.decisionId(), List.of());
        }
        return of(outcome.record());
    }

    /** Compact JSON text. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Health summary. */
    public static ObjectNode health(String status, Map<String, Object> details) {
        ObjectNode out = NODES.objectNode();
        out.put("status", status);
        details.forEach((k, v) -> out.set(k, MAPPER.valueToTree(v)));
        return out;
    }

    private static JsonNode errorNode(String text) {
        if (text.startsWith("{")) {
            try {
                return MAPPER.readTree(text);
            } catch (JacksonException e) {
                return NODES.stringNode(text);
            }
        }
        return NODES.stringNode(text);
    }
}
