package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST channel without HTTP plumbing: status codes and bodies for
 * {@code POST /api/v1/decisions}, {@code GET /api/v1/decisions/{id}} and {@code GET /health}.
 *
 * <p>Status codes: 200 decided, 400 invalid application (every violation listed; also an input
 * the audit store refuses to keep), 413 body over the limit, 415 not {@code application/json},
 * 404 unknown decision, 500 internal failure (audited as FAILED), 503 audit log unavailable
 * (nothing decided, nothing released; only ever a failure of the store itself). Every POST that
 * reaches the service leaves exactly one audit record, except a 503, which leaves none.
 */
public final class DecisionHttp {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionHttp.class);

    private final DecisionService service;
    private final long maxBodyBytes;
    private final Supplier<Map<String, Object>> health;

    /**
     * @param health details for {@code GET /health} (models loaded, rule base), computed per call
     */
    public DecisionHttp(DecisionService service, long maxBodyBytes, Supplier<Map<String, Object>> health) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
        this.health = health;
    }

    /** {@code POST /api/v1/decisions}. */
    public HttpReply post(String contentType, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        try {
            if (bytes.length > maxBodyBytes) {
                return reply(413, service.reject(Channel.REST, null, List.of(new Violation(Violation.WHOLE_INPUT,
                        bytes.length + " bytes", "a body of at most " + maxBodyBytes + " bytes"))));
            }
            Optional<String> text = utf8(bytes);
            String unsupported = unsupportedMediaType(contentType);
            if (unsupported != null) {
                return reply(415, service.reject(Channel.REST, text.orElse(null), List.of(
                        new Violation("Content-Type", contentType, unsupported))));
            }
            if (text.isEmpty()) {
                return reply(400, service.reject(Channel.REST, null, List.of(new Violation(Violation.WHOLE_INPUT,
                        bytes.length + " bytes", "UTF-8 text"))));
            }
            ServiceOutcome outcome = service.decide(Channel.REST, text.get());
            int status = outcome instanceof ServiceOutcome.Rejected ? 400 : outcome instanceof ServiceOutcome.Failed ? 500 : 200;
            return reply(status, outcome);
        } catch (AuditUnavailableException e) {
            LOG.error("audit log unavailable, no decision released: {}", e.getMessage());
            return new HttpReply(503, DecisionJson.text(DecisionJson.error(
                    "the audit log is unavailable, so no decision can be made; retry later", null, List.of())), null);
        }
    }

    /** {@code GET /api/v1/decisions/{id}}. */
    public HttpReply get(String decisionId) {
        try {
            // No stored id holds a control character (and PostgreSQL would refuse to even look one up).
            Optional<AuditRecord> record = decisionId == null || decisionId.isBlank() || decisionId.length() > 100
                    || VisibleText.indexOfInvisible(decisionId) >= 0 ? Optional.empty() : service.find(decisionId);
            return record.map(r -> new HttpReply(200, DecisionJson.text(DecisionJson.of(r)), r.entry().decisionId()))
                    .orElseGet(() -> new HttpReply(404, DecisionJson.text(DecisionJson.error("no decision with this id",
                            null, List.of(new Violation("id", decisionId, "the decisionId of a stored decision")))), null));
        } catch (AuditUnavailableException e) {
            return new HttpReply(503, DecisionJson.text(DecisionJson.error(
                    "the audit log is unavailable; retry later", null, List.of())), null);
        }
    }

    /** {@code GET /health}. */
    public HttpReply health() {
        return new HttpReply(200, DecisionJson.text(DecisionJson.health("UP", health.get())), null);
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
        return new HttpReply(status, DecisionJson.text(DecisionJson.of(outcome)), outcome.decisionId());
    }
}
