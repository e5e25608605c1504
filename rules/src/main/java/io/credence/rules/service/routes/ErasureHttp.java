package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import io.credence.rules.security.Principal;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.input.Violation;
import java.nio.charset.StandardCharsets;
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
 * {@code POST /api/v1/erasures} without HTTP plumbing: erases the personal data of an application
 * (or of one decision) and appends the erasure record ({@link AuditLog#erase}); the access policy
 * lets only the role {@code admin} reach it.
 *
 * <pre>{@code
 * HttpReply reply = new ErasureHttp(auditLog).post("application/json",
 *         "{\"applicationId\":\"app-7\",\"legalBasis\":\"GDPR Art. 17(1)(a), request 2026-113\"}".getBytes(UTF_8), admin);
 * // 200 {"erasureDecisionId":"…","erased":2,"erasedDecisionIds":[…],"alreadyErased":0,"receipt":{…}}
 * }</pre>
 *
 * <p>Status codes: 200 erased, or nothing was left to erase ({@code "erasureDecisionId": null,
 * "erased": 0}: nothing is appended, so a retry is harmless); 400 a body that is not
 * {@code {"applicationId" | "decisionId", "legalBasis"}}; 403 without access control (nobody
 * to record as who erased); 404 no record of that application or decision; 415 not JSON;
 * 503 the audit store is unavailable (nothing was erased).
 */
public final class ErasureHttp {

    static final int MAX_BODY_BYTES = 8192;
    private static final Set<String> FIELDS = Set.of("applicationId", "decisionId", "legalBasis");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final AuditLog audit;

    public ErasureHttp(AuditLog audit) {
        if (audit == null) {
            throw new IllegalArgumentException("an audit log is required");
        }
        this.audit = audit;
    }

    /** {@code POST /api/v1/erasures} by {@code principal} (null: access control is off, refused). */
    public HttpReply post(String contentType, byte[] body, Principal principal) {
        if (principal == null) {
            return error(403, "erasure needs access control: start the service with API keys, tokens or users, and"
                    + " erase as a principal with the role admin (or use: credence audit erase)", List.of());
        }
        String unsupported = DecisionHttp.unsupportedMediaType(contentType);
        if (unsupported != null) {
            return error(415, "an erasure request is JSON", List.of(new Violation("Content-Type", contentType, unsupported)));
        }
        if (body == null || body.length > MAX_BODY_BYTES) {
            return error(400, "an erasure request is a JSON object of at most " + MAX_BODY_BYTES + " bytes", List.of());
        }
        ErasureRequest request;
        try {
            JsonNode json = MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
            if (json == null || !json.isObject()) {
                return invalid("a JSON object {\"applicationId\" or \"decisionId\", \"legalBasis\"}");
            }
            for (String name : json.propertyNames()) {
                if (!FIELDS.contains(name)) {
                    return invalid("only the fields applicationId, decisionId and legalBasis");
                }
            }
            request = new ErasureRequest(text(json, "applicationId"), text(json, "decisionId"),
                    text(json, "legalBasis"), principal.id(), "rest");
        } catch (JacksonException e) {
            return invalid("well-formed JSON");
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        try {
            Erasure done = audit.erase(request);
            if (done.matched() == 0) {
                return error(404, "no audit record of " + request.target() + "; nothing was erased", List.of());
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("erasureDecisionId", done.record() == null ? null : done.record().entry().decisionId());
            out.put("erased", done.erased().size());
            ArrayNode ids = out.putArray("erasedDecisionIds");
            done.erased().forEach(ids::add);
            out.put("alreadyErased", done.alreadyErased());
            if (done.record() != null) {
                out.putObject("receipt").put("decisionId", done.record().entry().decisionId())
                        .put("leafIndex", done.record().sequence() - 1).put("recordHash", done.record().recordHash());
            } else {
                out.put("message", "nothing left to erase: no erasure record was appended");
            }
            return new HttpReply(200, DecisionJson.text(out), done.record() == null ? null
                    : done.record().entry().decisionId());
        } catch (AuditUnavailableException e) {
            return new HttpReply(503, DecisionJson.text(DecisionJson.error("the audit log is unavailable; nothing was"
                    + " erased, retry later", null, List.of())), null, Map.of("Retry-After", DecisionHttp.RETRY_AFTER_SECONDS));
        }
    }

    private static String text(JsonNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return node.asString();
    }

    private static HttpReply invalid(String expected) {
        return error(400, "invalid erasure request", List.of(new Violation(Violation.WHOLE_INPUT, null, expected)));
    }

    private static HttpReply error(int status, String message, List<Violation> violations) {
        return new HttpReply(status, DecisionJson.text(DecisionJson.error(message, null, violations)), null);
    }
}
