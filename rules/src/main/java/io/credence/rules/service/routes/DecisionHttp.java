package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.proof.ProofService;
import io.credence.rules.audit.proof.TreeStoreException;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.http.AccessControlHandler;
import java.time.Instant;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST channel without HTTP plumbing: status codes and bodies for
 * {@code POST /api/v1/decisions}, {@code GET /api/v1/decisions/{id}} and {@code GET /health}.
 *
 * <p>Status codes: 200 decided, 400 invalid application (every violation listed; also an input
 * the audit store refuses to keep), 413 body over the limit, 415 not {@code application/json},
 * 404 unknown decision, 500 internal failure (audited as FAILED), 503 audit log unavailable or
 * not durable within the append timeout (only ever a failure of the store itself; nothing
 * released, {@code Retry-After} says when to try again). Every POST that reaches the service
 * leaves exactly one audit record; a retry of the identical application is answered from it
 * ({@code "replayed": true}, header {@code Idempotent-Replayed: true}) and writes none. With
 * access control on, 401 and most 403s are answered before a route runs
 * ({@link io.credence.rules.security.http.AccessControlHandler}); this class adds the 403 for a
 * decision another client requested.
 */
public final class DecisionHttp {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionHttp.class);

    private final DecisionService service;
    private final long maxBodyBytes;
    /** The access log's action for a view of a decision, and its detail for the API. */
    static final String VIEW_DECISION = "view-decision";
    /** The access log's action for a read of a decision's inclusion proof. */
    static final String VIEW_PROOF = "view-proof";
    static final String API = "api";
    /** Seconds a client waits before it retries after a 503. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final Supplier<Readiness> readiness;
    private final AccessLog accessLog;
    private final ProofService proofs;

    /**
     * @param readiness whether the service can decide now (models, rule base, audit store), computed per call
     */
    public DecisionHttp(DecisionService service, long maxBodyBytes, Supplier<Readiness> readiness) {
        this(service, maxBodyBytes, readiness, null);
    }

    /**
     * @param accessLog where a principal's view of a decision is recorded ({@code view-decision},
     *                  detail {@code api}); null when access control is off
     */
    public DecisionHttp(DecisionService service, long maxBodyBytes, Supplier<Readiness> readiness, AccessLog accessLog) {
        this(service, maxBodyBytes, readiness, accessLog, null);
    }

    /**
     * @param proofs inclusion proofs against signed checkpoints; null when no checkpoint is signed
     *               ({@code GET .../proof} then answers 404 saying so)
     */
    public DecisionHttp(DecisionService service, long maxBodyBytes, Supplier<Readiness> readiness, AccessLog accessLog,
                        ProofService proofs) {
        this.proofs = proofs;
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
        this.readiness = readiness;
        this.accessLog = accessLog;
    }

    /**
     * Whether the service is ready to decide.
     *
     * @param ready   true when every check passed
     * @param details what each check found (no credentials, no personal data)
     */
    public record Readiness(boolean ready, Map<String, Object> details) {
        public Readiness {
            details = Map.copyOf(details);
        }
    }

    /** {@code POST /api/v1/decisions}. */
    public HttpReply post(String contentType, byte[] body) {
        return post(contentType, body, null);
    }

    /**
     * {@code POST /api/v1/decisions} on behalf of {@code principal} (null when access control is
     * off), whose {@link Principal#id() id} the audit record keeps as who requested it.
     */
    public HttpReply post(String contentType, byte[] body, Principal principal) {
        try {
            Admission admission = admit(contentType, body, principal);
            return admission.refused() != null ? admission.refused()
                    : answer(service.decide(Channel.REST, admission.text(), admission.requestedBy()));
        } catch (AuditUnavailableException e) {
            return unavailableForDecisions(e);
        }
    }

    /**
     * What the HTTP layer makes of a POST body before it is decided.
     *
     * @param refused     the reply to a body refused here (too large, not JSON, not UTF-8; audited), else null
     * @param text        the body as text, to decide (null when refused)
     * @param requestedBy the principal's id the audit record keeps (null: none)
     */
    public record Admission(HttpReply refused, String text, String requestedBy) {
    }

    /**
     * The checks of {@code POST /api/v1/decisions} before the body is decided: 413 over the limit,
     * 415 not {@code application/json} in UTF-8, 400 not UTF-8; each refusal is audited.
     *
     * @throws AuditUnavailableException when a refusal cannot be audited ({@link #unavailableForDecisions})
     */
    public Admission admit(String contentType, byte[] body, Principal principal) {
        String requestedBy = principal == null ? null : principal.id();
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > maxBodyBytes) {
            return refused(413, service.reject(Channel.REST, null, List.of(new Violation(Violation.WHOLE_INPUT,
                    bytes.length + " bytes", "a body of at most " + maxBodyBytes + " bytes")), requestedBy), requestedBy);
        }
        Optional<String> text = utf8(bytes);
        String unsupported = unsupportedMediaType(contentType);
        if (unsupported != null) {
            return refused(415, service.reject(Channel.REST, text.orElse(null), List.of(
                    new Violation("Content-Type", contentType, unsupported)), requestedBy), requestedBy);
        }
        if (text.isEmpty()) {
            return refused(400, service.reject(Channel.REST, null, List.of(new Violation(Violation.WHOLE_INPUT,
                    bytes.length + " bytes", "UTF-8 text")), requestedBy), requestedBy);
        }
        return new Admission(null, text.get(), requestedBy);
    }

    private static Admission refused(int status, ServiceOutcome outcome, String requestedBy) {
        return new Admission(reply(status, outcome), null, requestedBy);
    }

    /** The reply to an application the service decided, rejected, failed on or replayed. */
    public HttpReply answer(ServiceOutcome outcome) {
        return reply(status(outcome), outcome);
    }

    /** The 503 when the audit log could not record a decision: nothing was released. */
    public HttpReply unavailableForDecisions(AuditUnavailableException e) {
        LOG.error("audit log unavailable, no decision released: {}", e.getMessage());
        return unavailable("the audit log is unavailable, so no decision can be made; retry later"
                + " (a retry of the same application is answered with its decision if one was recorded)");
    }

    /** The decision service behind this channel. */
    public DecisionService service() {
        return service;
    }

    private static HttpReply unavailable(String message) {
        return new HttpReply(503, DecisionJson.text(DecisionJson.error(message, null, List.of())), null,
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** {@code GET /api/v1/decisions/{id}}. */
    public HttpReply get(String decisionId) {
        return get(decisionId, null);
    }

    /**
     * {@code GET /api/v1/decisions/{id}} for {@code principal} (null when access control is off: any
     * decision). A principal with the role review reads any decision; one without it (decide) only
     * the decisions it requested, else 403. Every view by a principal is written to the access log
     * before the decision is answered.
     */
    public HttpReply get(String decisionId, Principal principal) {
        return readable(decisionId, principal, VIEW_DECISION, r -> new HttpReply(200, DecisionJson.text(r),
                r.entry().decisionId()));
    }

    /**
     * {@code GET /api/v1/decisions/{id}/proof}: the inclusion proof of the decision's record against
     * the latest signed checkpoint (200, a document {@code audit verify-receipt} checks offline), or,
     * while no checkpoint covers it yet, 202 with {@code Retry-After}; who may read it is as for
     * {@link #get(String, Principal)}.
     */
    public HttpReply proof(String decisionId, Principal principal) {
        return readable(decisionId, principal, VIEW_PROOF, r -> {
            if (proofs == null) {
                return new HttpReply(404, DecisionJson.text(DecisionJson.error("this service signs no checkpoints, so it"
                        + " gives no inclusion proofs (start it with --signing-key FILE; docs/audit.md)",
                        r.entry().decisionId(), List.of())), r.entry().decisionId());
            }
            ProofService.Answer answer = proofs.prove(r.receipt());
            if (answer instanceof ProofService.Pending pending) {
                long seconds = Math.max(1, pending.retryAfter().toSeconds());
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("decisionId", r.entry().decisionId()).put("leafIndex", pending.receipt().leafIndex())
                        .put("recordHash", pending.receipt().recordHash())
                        .put("status", "pending")
                        .put("latestCheckpointTreeSize", pending.latestCheckpointSize())
                        .put("message", "no signed checkpoint covers this record yet; ask again in " + seconds + " s");
                return new HttpReply(202, DecisionJson.text(body), r.entry().decisionId(),
                        Map.of("Retry-After", Long.toString(seconds)));
            }
            return new HttpReply(200, ((ProofService.Proved) answer).document().toJson(), r.entry().decisionId());
        });
    }

    /**
     * Finds a decision the principal may read (null principal: access control off, any), logs the
     * view, and answers with {@code reply}; 404 when there is none, 403 when it is another client's.
     */
    private HttpReply readable(String decisionId, Principal principal, String action, Function<AuditRecord, HttpReply> reply) {
        try {
            // No stored id holds a control character (and PostgreSQL would refuse to even look one up).
            Optional<AuditRecord> record = decisionId == null || decisionId.isBlank() || decisionId.length() > 100
                    || VisibleText.indexOfInvisible(decisionId) >= 0 ? Optional.empty() : service.find(decisionId);
            if (record.isEmpty()) {
                return new HttpReply(404, DecisionJson.text(DecisionJson.error("no decision with this id",
                        null, List.of(new Violation("id", decisionId, "the decisionId of a stored decision")))), null);
            }
            AuditRecord r = record.get();
            if (principal != null) {
                if (!principal.has(Role.REVIEW) && !principal.id().equals(r.entry().requestedBy())) {
                    return new HttpReply(403, DecisionJson.text(DecisionJson.error("this decision was requested by another"
                            + " client; reading it needs the role " + Role.REVIEW.label(), null, List.of())), null,
                            Map.of("WWW-Authenticate", "Bearer realm=\"" + AccessControlHandler.REALM
                                    + "\", error=\"insufficient_scope\""));
                }
                if (accessLog != null) {
                    accessLog.record(AccessEvent.by(Instant.now(), principal, action, r.entry().decisionId(), API));
                }
            }
            return reply.apply(r);
        } catch (AuditUnavailableException | TreeStoreException e) {
            return unavailable("the audit log is unavailable; retry later");
        }
    }

    /** {@code GET /health/live}: the process is up and answers HTTP. */
    public HttpReply live() {
        return HealthHttp.alwaysLive(readiness).live();
    }

    /**
     * {@code GET /health/ready} (and its alias {@code GET /health}): 200 UP when models, rule base and
     * audit store are fine, else 503 DOWN with what failed.
     */
    public HttpReply ready() {
        return HealthHttp.alwaysLive(readiness).ready();
    }

    /** Null when the content type is JSON in UTF-8, else what was expected. */
    static String unsupportedMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json (the Content-Type header is missing)";
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return "application/json";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].strip().split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset") && param.length == 2
                    && !param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                return "application/json in UTF-8 (charset=utf-8)";
            }
        }
        return null;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static HttpReply reply(int status, ServiceOutcome outcome) {
        return new HttpReply(status, DecisionJson.text(outcome), outcome.decisionId(),
                outcome.replayed() ? Map.of(ServiceHeaders.IDEMPOTENT_REPLAYED, "true") : Map.of());
    }

    /** The status of an outcome: of the first time for a replay. */
    static int status(ServiceOutcome outcome) {
        return switch (outcome.record().entry().status()) {
            case DECIDED -> 200;
            case REJECTED -> 400;
            case FAILED -> 500;
            case ERASURE -> 200;
        };
    }
}
