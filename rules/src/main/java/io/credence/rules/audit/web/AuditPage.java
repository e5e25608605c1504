package io.credence.rules.audit.web;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.EntryJson;
import io.credence.rules.audit.ProofState;
import io.credence.rules.audit.SafeUrl;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.security.Role;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the compliance pages from an {@link AuditLog}: the search page ({@code /audit}) and one
 * decision ({@code /audit/decisions/{id}}). Plain server-side HTML, every value escaped, no
 * scripts and nothing loaded from elsewhere.
 *
 * <pre>{@code
 * AuditPage page = new AuditPage(auditLog);
 * AuditPage.Page html = page.search(Map.of("outcome", "DECLINE", "from", "2026-03-01"));
 * AuditPage.Page masked = page.decision("dec-1", viewer, false);
 * AuditPage.Page revealed = page.decision("dec-1", viewer, true);   // after a review-pii user gave a reason
 * }</pre>
 *
 * <p>Personal data is shown on a need-to-know basis: the decision page masks the raw input, the
 * encoded feature values, the applicant's and reference values of the attributions and the error
 * texts (which may echo the input) unless {@code revealed}; a viewer with {@link Role#REVIEW_PII}
 * is offered a form to reveal them, giving a reason. The routes check the role and log the reveal.
 *
 * <p>Search parameters: {@code from} and {@code to} (dates, {@code yyyy-MM-dd}, UTC, both
 * inclusive), {@code outcome}, {@code modelVersion}, {@code applicationId}; empty ones do not filter.
 */
public final class AuditPage {

    /** Rows shown for one search. */
    public static final int PAGE_SIZE = 100;

    /** A rendered page and its HTTP status. */
    public record Page(int status, String html) {
    }

    private final AuditLog log;

    public AuditPage(AuditLog log) {
        if (log == null) {
            throw new IllegalArgumentException("an audit log is required");
        }
        this.log = log;
    }

    /** Parses a raw query string ({@code a=1&b=x%20y}); the last of repeated names wins. */
    public static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                params.put(name, value);
            }
        }
        return params;
    }

    /** Shown instead of personal data on a masked page. */
    static final String MASKED = "masked";
    /** The shortest and longest reason accepted for a reveal. */
    public static final int MIN_REASON = 10;
    public static final int MAX_REASON = 500;

    /** The search form and, for valid parameters, the matching records (newest first). */
    public Page search(Map<String, String> params) {
        return search(params, Viewer.NONE);
    }

    /** As {@link #search(Map)}, with the viewer's name, sign-out button and links in the header. */
    public Page search(Map<String, String> params, Viewer viewer) {
        String from = param(params, "from");
        String to = param(params, "to");
        String outcome = param(params, "outcome");
        String modelVersion = param(params, "modelVersion");
        String applicationId = param(params, "applicationId");
        List<String> errors = new ArrayList<>();
        Instant fromInstant = date(from, "from", errors, false);
        Instant toInstant = date(to, "to", errors, true);
        if (outcome != null && !isOutcome(outcome)) {
            errors.add("outcome must be one of APPROVE, REFER, DECLINE, was " + outcome);
        }
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add("from (" + from + ") must not be after to (" + to + ")");
        }

        Html h = new Html();
        head(h, "Audit log – search");
        viewerBar(h, viewer);
        h.raw("<h1>Decision audit log</h1>\n");
        h.raw("<form method=\"get\" action=\"/audit\" role=\"search\" aria-label=\"Search decisions\">\n");
        field(h, "from", "Decided from (UTC)", "date", from);
        field(h, "to", "Decided to (UTC, inclusive)", "date", to);
        h.raw("<div class=\"field\"><label for=\"outcome\">Outcome</label>\n<select id=\"outcome\" name=\"outcome\">\n");
        h.raw("<option value=\"\">any</option>\n");
        for (Outcome o : Outcome.values()) {
            h.raw("<option value=\"").text(o.name()).raw("\"").raw(o.name().equals(outcome) ? " selected" : "").raw(">")
                    .text(o.name()).raw("</option>\n");
        }
        h.raw("</select></div>\n");
        field(h, "modelVersion", "Model version", "text", modelVersion);
        field(h, "applicationId", "Application id", "text", applicationId);
        h.raw("<div class=\"field\"><button type=\"submit\" id=\"search\">Search</button></div>\n</form>\n");

        if (!errors.isEmpty()) {
            h.raw("<div role=\"alert\" class=\"errors\"><h2>The search cannot run</h2><ul>\n");
            errors.forEach(e -> h.element("li", e).raw("\n"));
            h.raw("</ul></div>\n");
            foot(h);
            return new Page(400, h.toString());
        }
        List<AuditRecord> records = log.search(new AuditQuery(fromInstant, toInstant, outcome, null, modelVersion,
                applicationId, PAGE_SIZE));
        h.raw("<table id=\"results\">\n<caption>").text(records.size() == 1 ? "1 decision" : records.size() + " decisions")
                .text(records.size() == PAGE_SIZE ? " (the newest " + PAGE_SIZE + "; narrow the search for more)" : "")
                .raw("</caption>\n<thead><tr>");
        for (String header : List.of("Decided at", "Decision", "Application", "Channel", "Status", "Outcome",
                "Model versions", "Sequence")) {
            h.raw("<th scope=\"col\">").text(header).raw("</th>");
        }
        h.raw("</tr></thead>\n<tbody>\n");
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            h.raw("<tr>");
            h.element("td", e.decidedAt());
            h.raw("<td><a href=\"/audit/decisions/").text(pathSegment(e.decisionId())).raw("\">").text(e.decisionId())
                    .raw("</a></td>");
            h.element("td", e.applicationId());
            h.element("td", e.channel());
            h.element("td", e.status());
            h.element("td", e.outcome());
            h.element("td", String.join(", ", e.scores().stream().map(AuditPage::modelLabel).toList()));
            h.element("td", r.sequence());
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        foot(h);
        return new Page(200, h.toString());
    }

    /** One decision with everything compliance needs, personal data masked, or 404 when there is none. */
    public Page decision(String decisionId) {
        return decision(decisionId, Viewer.NONE, false);
    }

    /**
     * One decision, or 404 when there is none; personal data masked unless {@code revealed}
     * (the caller checked the viewer's role and logged the reason).
     */
    public Page decision(String decisionId, Viewer viewer, boolean revealed) {
        return decision(decisionId, viewer, revealed, null);
    }

    /** As {@link #decision(String, Viewer, boolean)}, telling why a reveal was refused ({@code revealError}, 400). */
    public Page decision(String decisionId, Viewer viewer, boolean revealed, String revealError) {
        Optional<AuditRecord> found = decisionId == null ? Optional.empty() : log.find(decisionId);
        Html h = new Html();
        if (found.isEmpty()) {
            head(h, "Audit log – decision not found");
            viewerBar(h, viewer);
            h.raw("<h1>Decision not found</h1>\n<p>No audit record has decision id <code>").text(decisionId)
                    .raw("</code>.</p>\n<p><a href=\"/audit\">Back to the search</a></p>\n");
            foot(h);
            return new Page(404, h.toString());
        }
        AuditRecord r = found.get();
        AuditEntry e = r.entry();
        head(h, "Audit log – decision " + e.decisionId());
        viewerBar(h, viewer);
        h.raw("<p><a href=\"/audit\">Back to the search</a></p>\n");
        h.raw("<h1>Decision <span id=\"decision-id\">").text(e.decisionId()).raw("</span></h1>\n");

        // Every value as the one mapping of an entry writes it (the API's answer and the record write the same).
        Map<String, Object> d = EntryJson.of(e, EntryJson.View.PAGE);
        h.raw("<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>\n<dl>\n");
        term(h, "Application id", d.get("applicationId"), "application-id");
        term(h, "Channel", d.get("channel"), "channel");
        term(h, "Received at", d.get("receivedAt"), "received-at");
        term(h, "Decided at", d.get("decidedAt"), "decided-at");
        term(h, "Status", d.get("status"), "status");
        term(h, "Outcome", d.get("outcome"), "outcome");
        h.raw("</dl></section>\n");

        h.raw("<section aria-labelledby=\"input\"><h2 id=\"input\">Input</h2>\n");
        if (e.erasure() != null) {
            h.raw("<p id=\"raw-input\">An erasure record holds no input.</p>\n");
        } else if (r.inputErased()) {
            h.raw("<p id=\"raw-input\" class=\"erased\">Erased on ").text(r.inputErasedAt())
                    .raw(r.personalDataCommitment() != null
                            ? " (GDPR), with the applicant's values, the encoded features and the reason and error texts;"
                            + " the record keeps its salted commitment, which can no longer be tested.</p>\n"
                            : " (GDPR); its SHA-256 stays in the record.</p>\n");
        } else if (e.rawInput() == null) {
            h.raw("<p id=\"raw-input\">No input was kept.</p>\n");
        } else if (!revealed) {
            h.raw("<p id=\"raw-input\" class=\"masked\">Masked: the input holds the applicant's personal data.</p>\n");
        } else {
            h.raw("<pre id=\"raw-input\">").text(e.rawInput()).raw("</pre>\n");
        }
        if (r.personalDataCommitment() != null) {
            h.raw("<p>Personal data commitment (salted SHA-256): <code id=\"personal-commitment\">")
                    .text(r.personalDataCommitment()).raw("</code></p>\n");
        } else if (r.inputSha256() != null) {
            h.raw("<p>Input SHA-256: <code id=\"input-sha256\">").text(r.inputSha256()).raw("</code></p>\n");
        }
        if (e.erasure() != null) {
            h.raw("<section aria-labelledby=\"erasure\"><h2 id=\"erasure\">Erasure</h2>\n<dl>\n");
            term(h, "Erased by", e.requestedBy(), "erased-by");
            term(h, "Erased at", e.decidedAt(), "erased-at");
            term(h, "Scope", e.erasure().scope(), "erasure-scope");
            term(h, "Legal basis", e.erasure().legalBasis(), "legal-basis");
            h.raw("</dl>\n<ul id=\"erased-decisions\">\n");
            e.erasure().decisionIds().forEach(id -> h.raw("<li><a href=\"/audit/decisions/").text(pathSegment(id))
                    .raw("\">").text(id).raw("</a></li>\n"));
            h.raw("</ul></section>\n");
        }
        disclosure(h, e.decisionId(), viewer, revealed, revealError);
        h.raw("</section>\n");

        h.raw("<section aria-labelledby=\"scores\"><h2 id=\"scores\">Scores</h2>\n");
        List<Map<String, Object>> scores = list(d, "scores");
        table(h, "score-table", "Model scores", List.of("Model", "Version", "Model SHA-256", "Execution provider",
                "Score", "Failure"), rows(scores, "model", "version", "modelSha256", "provider", "value", "failure"));
        for (int i = 0; i < scores.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) scores.get(i).get("encodedFeatures");
            if (features != null && !features.isEmpty()) {
                List<List<Object>> rows = new ArrayList<>();
                new TreeMap<>(features).forEach((k, v) -> rows.add(List.of(k, revealed ? nz(v) : MASKED)));
                table(h, "features-" + scores.get(i).get("model"), "Encoded features seen by "
                        + modelLabel(e.scores().get(i)), List.of("Feature", "Encoded value"), rows);
            }
        }
        h.raw("</section>\n");

        h.raw("<section aria-labelledby=\"reasons\"><h2 id=\"reasons\">Reasons</h2>\n");
        table(h, "reason-table", "Reasons, most severe first", List.of("Code", "Outcome", "Explanation", "Rule"),
                rows(list(d, "reasons"), "code", "outcome", "text", "rule"));
        h.raw("</section>\n");

        h.raw("<section aria-labelledby=\"principal\"><h2 id=\"principal\">Principal reasons (adverse action notice)</h2>\n");
        table(h, "principal-table", "At most four principal reasons: policy reasons, then the model's",
                List.of("Code", "Notice text", "Source"), rows(list(d, "principalReasons"), "code", "text", "rule"));
        noticeLink(h, r);
        table(h, "attribution-table", "Model attributions behind the reasons (log-odds, positive raises the risk)",
                List.of("Feature", "Applicant's value", "Reference value", "Contribution"),
                list(d, "attributions").stream().map(a -> List.<Object>of(a.get("feature"),
                        revealed ? nz(a.get("value")) : MASKED, revealed ? nz(a.get("referenceValue")) : MASKED,
                        a.get("contribution"))).toList());
        h.raw("</section>\n");

        h.raw("<section aria-labelledby=\"cutoffs\"><h2 id=\"cutoffs\">Cut-offs</h2>\n");
        List<List<Object>> cutOffs = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> cutOffValues = (Map<String, Object>) d.get("cutOffs");
        cutOffValues.forEach((k, v) -> cutOffs.add(List.of(k, nz(v))));
        table(h, "cutoff-table", "Cut-offs the rules applied", List.of("Cut-off", "Value"), cutOffs);
        h.raw("</section>\n");

        h.raw("<section aria-labelledby=\"rules\"><h2 id=\"rules\">Rules fired</h2>\n<ol id=\"rules-fired\">\n");
        ((List<?>) d.get("rulesFired")).forEach(rule -> h.element("li", rule).raw("\n"));
        h.raw("</ol></section>\n");

        h.raw("<section aria-labelledby=\"rulebase\"><h2 id=\"rulebase\">Rule base</h2>\n<dl>\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> ruleBase = (Map<String, Object>) d.get("ruleBase");
        term(h, "KJAR coordinates", ruleBase == null ? "none (not decided)" : ruleBase.get("coordinates"), "rule-base");
        term(h, "DRL SHA-256", ruleBase == null ? "" : ruleBase.get("drlSha256"), "drl-sha256");
        h.raw("</dl></section>\n");

        if (!e.errors().isEmpty()) {
            h.raw("<section aria-labelledby=\"errors\"><h2 id=\"errors\">Errors</h2>\n");
            if (revealed) {
                h.raw("<ul id=\"error-list\">\n");
                ((List<?>) d.get("errors")).forEach(x -> h.element("li", x).raw("\n"));
                h.raw("</ul>");
            } else {
                h.raw("<p id=\"error-list\" class=\"masked\">").text(e.errors().size() == 1 ? "1 error" : e.errors().size() + " errors")
                        .raw(", masked: error texts may echo the input.</p>");
            }
            h.raw("</section>\n");
        }

        // The page never walks the chain (that takes minutes on a large store): it shows the proof
        // state, and the last verification this service ran.
        Optional<ProofState> proofs = log.proofState();
        h.raw("<section aria-labelledby=\"chain\"><h2 id=\"chain\">Proof</h2>\n<dl>\n");
        ChainVerification chain = proofs.map(ProofState::lastVerification).orElse(null);
        term(h, "Last verification", chain == null ? "not run by this service since it started (run: credence audit verify"
                + " --checkpoints DIR --public-key FILE)" : (chain.intact() ? "intact (" + chain.recordsChecked()
                + " records verified at " + proofs.get().verifiedAt() + ")" : "BROKEN at record " + chain.firstBadSequence()
                + ": " + chain.problem() + " – " + chain.detail()), "chain-status");
        term(h, "Sequence", r.sequence(), "sequence");
        term(h, "Record hash", r.recordHash(), "record-hash");
        term(h, "Previous hash", r.previousHash(), "previous-hash");
        if (proofs.isPresent()) {
            ProofState state = proofs.get();
            term(h, "Receipt", "leaf " + (r.sequence() - 1) + " of the Merkle tree (" + state.treeSize() + " leaves)", "receipt");
            term(h, "Latest signed checkpoint", state.latestCheckpoint() == null ? "none (the service signs no checkpoints)"
                    : "tree size " + state.latestCheckpoint().treeSize() + ", root " + state.latestCheckpoint().root()
                    + ", signed " + state.latestCheckpoint().time() + " by key " + state.latestCheckpoint().keyId(),
                    "checkpoint");
            term(h, "Inclusion proof", state.covers(r.sequence()) ? "available: GET /api/v1/decisions/" + e.decisionId()
                    + "/proof" : "not yet: no signed checkpoint covers this record", "proof-status");
        }
        h.raw("</dl></section>\n");
        foot(h);
        return new Page(revealError == null ? 200 : 400, h.toString());
    }

    /**
     * For a DECLINE or REFER: the link to its adverse action notice (the HTML the browser prints;
     * the same route answers the PDF to {@code Accept: application/pdf}), or why there is none any more.
     */
    private static void noticeLink(Html h, AuditRecord r) {
        AuditEntry e = r.entry();
        if (e.status() != AuditEntry.Status.DECIDED
                || !(Outcome.DECLINE.name().equals(e.outcome()) || Outcome.REFER.name().equals(e.outcome()))) {
            return;
        }
        if (r.inputErased()) {
            h.raw("<p id=\"notice-link\">No adverse action notice can be made any more: its reason texts were erased"
                    + " with the personal data on ").text(r.inputErasedAt()).raw(".</p>\n");
            return;
        }
        String path = "/api/v1/decisions/" + pathSegment(e.decisionId()) + "/notice";
        h.raw("<p id=\"notice-link\"><a href=\"").text(path).raw("\">Adverse action notice</a> (to print; as PDF:"
                + " <code>GET ").text(path).raw("</code> with <code>Accept: application/pdf</code>)</p>\n");
    }

    /** The reveal form, the note that the data is revealed, or why the viewer cannot reveal it. */
    private static void disclosure(Html h, String decisionId, Viewer viewer, boolean revealed, String revealError) {
        if (revealed) {
            h.raw("<p id=\"revealed-note\" role=\"status\">Personal data revealed for this page only; your reason was"
                    + " logged. Reload or go back to mask it again.</p>\n");
            return;
        }
        if (!viewer.has(Role.REVIEW_PII)) {
            if (viewer.principal() != null) {
                h.raw("<p id=\"reveal-note\">Personal data is masked. Revealing it needs the review-pii role.</p>\n");
            }
            return;
        }
        h.raw("<form method=\"post\" id=\"reveal-form\" aria-label=\"Reveal personal data\" action=\"/audit/decisions/")
                .text(pathSegment(decisionId)).raw("/reveal\">\n");
        csrfField(h, viewer);
        h.raw("<div class=\"field\"><label for=\"reason\">Why you need the personal data (at least " + MIN_REASON
                + " characters; logged with your name)</label>\n<textarea id=\"reason\" name=\"reason\" rows=\"2\" cols=\"60\""
                + " required minlength=\"" + MIN_REASON + "\" maxlength=\"" + MAX_REASON + "\"></textarea></div>\n");
        if (revealError != null) {
            h.raw("<p role=\"alert\" class=\"errors\" id=\"reveal-error\">").text(revealError).raw("</p>\n");
        }
        h.raw("<div class=\"field\"><button type=\"submit\" id=\"reveal\">Reveal personal data</button></div>\n</form>\n");
    }

    /** The session's CSRF token as a hidden field of a form, when the viewer has a session. */
    static void csrfField(Html h, Viewer viewer) {
        if (viewer.csrfToken() != null) {
            h.raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(viewer.csrfToken()).raw("\">\n");
        }
    }

    /** Who is signed in, a link to the access log for admins, and the sign-out button. */
    static void viewerBar(Html h, Viewer viewer) {
        if (viewer.principal() == null) {
            return;
        }
        h.raw("<nav aria-label=\"Account\" class=\"account\"><span id=\"signed-in-as\">").text(viewer.principal().name())
                .raw("</span> (").text(String.join(", ", viewer.principal().roles().stream().sorted().map(Role::label).toList()))
                .raw(")");
        h.raw(" <a href=\"/audit\">Search</a>");
        h.raw(" <a href=\"/audit/monitoring\" id=\"monitoring-link\">Monitoring</a>");
        if (viewer.has(Role.ADMIN)) {
            h.raw(" <a href=\"/audit/access\" id=\"access-log-link\">Access log</a>");
        }
        if (viewer.inSession()) {
            h.raw("\n<form method=\"post\" action=\"/audit/sign-out\" class=\"sign-out\">\n");
            csrfField(h, viewer);
            h.raw("<button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }
        h.raw("</nav>\n");
    }

    /** A decision id as one URL path segment. */
    static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A page for when the audit store cannot answer. */
    public static Page unavailable(String message) {
        Html h = new Html();
        head(h, "Audit log unavailable");
        // The message may name the store: its URL is shown without credentials.
        h.raw("<h1>The audit log is unavailable</h1>\n<p role=\"alert\">").text(SafeUrl.of(message)).raw("</p>\n");
        foot(h);
        return new Page(503, h.toString());
    }

    private static String modelLabel(ScoreSummary s) {
        return s.model() + " " + (s.version() == null ? "(unresolved)" : s.version())
                + (s.role() == null ? "" : " (" + s.role() + ")");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> d, String name) {
        return (List<Map<String, Object>>) d.get(name);
    }

    /** One row per object of {@code objects}: the named fields, absent ones empty. */
    private static List<List<Object>> rows(List<Map<String, Object>> objects, String... fields) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            List<Object> row = new ArrayList<>();
            for (String f : fields) {
                row.add(nz(o.get(f)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

    private static String param(Map<String, String> params, String name) {
        String value = params == null ? null : params.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isOutcome(String s) {
        for (Outcome o : Outcome.values()) {
            if (o.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(String value, String name, List<String> errors, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(name + " must be a date like 2026-03-01, was " + value);
            return null;
        }
    }

    static void head(Html h, String title) {
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").text(title)
                .raw("</title>\n<style>\n")
                .raw("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff}\n")
                .raw("form{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin-bottom:1.5rem}\n")
                .raw(".field{display:flex;flex-direction:column}\nlabel{font-weight:600;margin-bottom:.25rem}\n")
                .raw("table{border-collapse:collapse;margin:.5rem 0 1.5rem}\ncaption{text-align:left;font-weight:600}\n")
                .raw("th,td{border:1px solid #767676;padding:.3rem .6rem;text-align:left;vertical-align:top}\n")
                .raw("th{background:#eee}\npre{background:#f4f4f4;padding:.75rem;white-space:pre-wrap}\n")
                .raw("code,dd{word-break:break-all}\ndt{font-weight:600}\n.errors{color:#a00}\n")
                .raw(".masked{font-style:italic;color:#555}\n.account{display:flex;gap:1rem;align-items:center;margin-bottom:1rem}\n")
                .raw(".account form{margin:0}\n")
                .raw("</style>\n</head>\n<body>\n<main>\n");
    }

    static void foot(Html h) {
        h.raw("</main>\n</body>\n</html>\n");
    }

    static void field(Html h, String name, String label, String type, String value) {
        h.raw("<div class=\"field\"><label for=\"").text(name).raw("\">").text(label).raw("</label>\n<input id=\"")
                .text(name).raw("\" name=\"").text(name).raw("\" type=\"").text(type).raw("\" value=\"").text(value)
                .raw("\"></div>\n");
    }

    private static void term(Html h, String term, Object value, String id) {
        h.element("dt", term).raw("<dd id=\"").text(id).raw("\">").text(value).raw("</dd>\n");
    }

    private static void table(Html h, String id, String caption, List<String> headers, List<List<Object>> rows) {
        h.raw("<table id=\"").text(id).raw("\">\n<caption>").text(caption).raw("</caption>\n<thead><tr>");
        headers.forEach(x -> h.raw("<th scope=\"col\">").text(x).raw("</th>"));
        h.raw("</tr></thead>\n<tbody>\n");
        if (rows.isEmpty()) {
            h.raw("<tr><td colspan=\"" + headers.size() + "\">none</td></tr>\n");
        }
        for (List<Object> row : rows) {
            h.raw("<tr>");
            row.forEach(cell -> h.element("td", cell));
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }
}
