package io.credence.rules.service;

import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.EntryJson;
import io.credence.rules.service.input.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * A stored record as the API shows it: {@link EntryJson}'s {@link EntryJson.View#API API view} of
     * its entry, with the receipt of a record in the chain, and each error that is a JSON object
     * (a violation) as that object.
     */
    public static ObjectNode of(AuditRecord record) {
        return (ObjectNode) MAPPER.valueToTree(fields(record));
    }

    /**
     * {@link #of(AuditRecord)}'s fields, in order, as plain values: what the channels write as
     * text without building a tree first.
     */
    private static Map<String, Object> fields(AuditRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean receipt = record.recordHash() == null;
        for (Map.Entry<String, Object> field : EntryJson.of(record.entry(), EntryJson.View.API).entrySet()) {
            if (!receipt && !HEAD.contains(field.getKey())) {
                // What the applicant or a regulator keeps to ask for the inclusion proof later.
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("decisionId", record.entry().decisionId());
                r.put("leafIndex", record.sequence() - 1);
                r.put("recordHash", record.recordHash());
                out.put("receipt", r);
                receipt = true;
            }
            if (field.getKey().equals("errors")) {
                out.put("errors", record.entry().errors().stream().map(DecisionJson::errorNode).toList());
            } else {
                out.put(field.getKey(), field.getValue());
            }
        }
        return out;
    }

    /** The fields the receipt follows. */
    private static final Set<String> HEAD = Set.of("decisionId", "applicationId", "status", "channel", "decidedAt",
            "supersedes");

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

    /**
     * The body for any outcome as compact JSON text: the text of {@link #of(ServiceOutcome)},
     * written straight from the record's fields (no tree is built for a decision).
     */
    public static String text(ServiceOutcome outcome) {
        if (outcome instanceof ServiceOutcome.Rejected || outcome instanceof ServiceOutcome.Failed) {
            return text(of(outcome));
        }
        Map<String, Object> body = fields(outcome.record());
        if (outcome instanceof ServiceOutcome.Replayed) {
            body.put("replayed", true);
        }
        return MAPPER.writeValueAsString(body);
    }

    /** A stored record as compact JSON text: the text of {@link #of(AuditRecord)}, without the tree. */
    public static String text(AuditRecord record) {
        return MAPPER.writeValueAsString(fields(record));
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
