package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.notice.NoNoticeException;
import io.credence.rules.notice.Notice;
import io.credence.rules.notice.NoticeHtml;
import io.credence.rules.notice.NoticePdf;
import io.credence.rules.notice.NoticeSettings;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.http.AccessControlHandler;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/decisions/{id}/notice} without HTTP plumbing: the adverse action notice of a
 * stored decision ({@link Notice}), as HTML ({@code Accept: text/html}) or PDF
 * ({@code Accept: application/pdf}).
 *
 * <pre>{@code
 * NoticeHttp notices = new NoticeHttp(auditLog, settings.notice(), accessLog, Clock.systemUTC());
 * HttpBody reply = notices.get(decisionId, "application/pdf", principal);
 * }</pre>
 *
 * <p>Status codes: 200 the notice; 406 when {@code Accept} allows neither type (both are named);
 * 404 unknown decision; 409 a decision that took no adverse action (an approval, an input that was
 * not decided); 410 when the decision's personal data, its reason texts among it, was erased
 * (with when); 503 audit store unavailable. With access control on the role review is needed
 * (checked before the route, and again here); each answer about a stored decision is written to
 * the access log first ({@value #VIEW_NOTICE}, detail {@code api}).
 */
public final class NoticeHttp {

    /** The access log's action for a read of a decision's notice. */
    static final String VIEW_NOTICE = "view-notice";
    static final String HTML = "text/html; charset=utf-8";
    static final String PDF = "application/pdf";

    /** The forms a notice comes in. */
    enum Form { HTML, PDF }

    private final AuditLog audit;
    private final NoticeSettings settings;
    private final AccessLog accessLog;
    private final Clock clock;

    /**
     * @param accessLog where a principal's read of a notice is recorded; null when access control is off
     */
    public NoticeHttp(AuditLog audit, NoticeSettings settings, AccessLog accessLog, Clock clock) {
        if (audit == null || settings == null || clock == null) {
            throw new IllegalArgumentException("a notice route needs the audit log, the notice settings and a clock");
        }
        this.audit = audit;
        this.settings = settings;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** The notice of {@code decisionId} in the form {@code accept} asks for, for {@code principal} (null: access control off). */
    public HttpBody get(String decisionId, String accept, Principal principal) {
        Optional<Form> form = negotiate(accept);
        if (form.isEmpty()) {
            return json(406, "a notice is text/html or application/pdf; send Accept: text/html or Accept: application/pdf",
                    null, List.of(new Violation("Accept", accept, "text/html or application/pdf")));
        }
        if (principal != null && !principal.has(Role.REVIEW)) {
            return HttpBody.of(new HttpReply(403, DecisionJson.text(DecisionJson.error("this needs the role "
                    + Role.REVIEW.label(), null, List.of())), null), Map.of("WWW-Authenticate", "Bearer realm=\""
                    + AccessControlHandler.REALM + "\", error=\"insufficient_scope\""));
        }
        try {
            Optional<AuditRecord> record = decisionId == null || decisionId.isBlank() || decisionId.length() > 100
                    || VisibleText.indexOfInvisible(decisionId) >= 0 ? Optional.empty() : audit.find(decisionId);
            if (record.isEmpty()) {
                return json(404, "no decision with this id", null,
                        List.of(new Violation("id", decisionId, "the decisionId of a stored decision")));
            }
            String id = record.get().entry().decisionId();
            if (principal != null && accessLog != null) {
                accessLog.record(AccessEvent.by(clock.instant(), principal, VIEW_NOTICE, id, DecisionHttp.API));
            }
            Notice notice;
            try {
                notice = Notice.of(record.get(), settings);
            } catch (NoNoticeException e) {
                return json(e.why() == NoNoticeException.Why.ERASED ? 410 : 409, e.getMessage(), id, List.of());
            }
            Map<String, String> headers = Map.of("Vary", "Accept", "Cache-Control", "no-store");
            if (form.get() == Form.PDF) {
                return new HttpBody(200, PDF, NoticePdf.render(notice), id, with(headers, "Content-Disposition",
                        "inline; filename=\"notice-" + fileName(id) + ".pdf\""));
            }
            return new HttpBody(200, HTML, NoticeHtml.render(notice).getBytes(StandardCharsets.UTF_8), id,
                    with(headers, "Content-Security-Policy", NoticeHtml.CONTENT_SECURITY_POLICY));
        } catch (AuditUnavailableException e) {
            return HttpBody.of(new HttpReply(503, DecisionJson.text(DecisionJson.error("the audit log is unavailable;"
                    + " retry later", null, List.of())), null), Map.of("Retry-After", DecisionHttp.RETRY_AFTER_SECONDS));
        }
    }

    /**
     * The form an {@code Accept} header asks for (RFC 9110, 12.5.1): of {@code text/html} and
     * {@code application/pdf} the one with the higher quality, each rated by its most specific
     * matching range ({@code text/html} before {@code text/*} before {@code *}{@code /*}); HTML on a
     * tie and when there is no header; empty when neither is acceptable.
     */
    static Optional<Form> negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(Form.HTML);
        }
        double html = quality(accept, "text", "html");
        double pdf = quality(accept, "application", "pdf");
        if (html <= 0 && pdf <= 0) {
            return Optional.empty();
        }
        return Optional.of(pdf > html ? Form.PDF : Form.HTML);
    }

    /** The quality {@code accept} gives {@code type/subtype}: of its most specific matching range; 0 when none matches. */
    private static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double q = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String[] media = parts[0].strip().toLowerCase(Locale.ROOT).split("/", 2);
            if (media.length != 2) {
                continue;
            }
            int specificity;
            if (media[0].equals(type) && media[1].equals(subtype)) {
                specificity = 2;
            } else if (media[0].equals(type) && media[1].equals("*")) {
                specificity = 1;
            } else if (media[0].equals("*") && media[1].equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            double rangeQ = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].strip().split("=", 2);
                if (param.length == 2 && param[0].strip().equalsIgnoreCase("q")) {
                    try {
                        rangeQ = Double.parseDouble(param[1].strip());
                    } catch (NumberFormatException e) {
                        rangeQ = 0;
                    }
                }
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = rangeQ;
            }
        }
        return q;
    }

    /** A decision id as a file name: letters, digits, {@code -}, {@code _} and {@code .} only. */
    private static String fileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private static HttpBody json(int status, String message, String decisionId, List<Violation> violations) {
        return HttpBody.of(new HttpReply(status, DecisionJson.text(DecisionJson.error(message, decisionId, violations)),
                decisionId), Map.of());
    }
}
