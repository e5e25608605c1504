package io.credence.rules.audit.web;

import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.drift.MonitorSnapshot;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.SessionAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Serves the compliance pages over Camel platform-http. Who asks is proved once, for every route
 * of the service, by the access control in front of the routes ({@code AccessPolicy.SERVICE} names
 * the roles below); the pages take its principal and decide what it may see:
 *
 * <table>
 * <caption>Routes</caption>
 * <tr><th>Request</th><th>Role</th><th>Route id</th></tr>
 * <tr><td>{@code GET /audit}</td><td>review</td><td>{@value #SEARCH_ROUTE_ID}</td></tr>
 * <tr><td>{@code GET /audit/decisions/{id}} (personal data masked)</td><td>review</td><td>{@value #DECISION_ROUTE_ID}</td></tr>
 * <tr><td>{@code POST /audit/decisions/{id}/reveal} (reason, CSRF token)</td><td>review and review-pii</td><td>{@value #REVEAL_ROUTE_ID}</td></tr>
 * <tr><td>{@code GET /audit/monitoring}</td><td>review</td><td>{@value #MONITORING_ROUTE_ID}</td></tr>
 * <tr><td>{@code GET /audit/access}</td><td>admin</td><td>{@value #ACCESS_ROUTE_ID}</td></tr>
 * <tr><td>{@code GET|POST /audit/sign-in}</td><td>anyone</td><td>{@value #SIGN_IN_ROUTE_ID}</td></tr>
 * <tr><td>{@code POST /audit/sign-out} (CSRF token)</td><td>signed in</td><td>{@value #SIGN_OUT_ROUTE_ID}</td></tr>
 * </table>
 *
 * <pre>{@code
 * context.addRoutes(new AuditPageRoutes(auditLog, accessLog, AuditPageAccess.checked(signIn, tls), Clock.systemUTC(),
 *         driftMonitor::snapshot));
 * }</pre>
 *
 * <p>Every view of a decision, reveal (with its reason) and search is written to the access log
 * before the page leaves, and so is every view of the monitoring page; when the log cannot keep it the page is not shown (503). A browser
 * without a session is sent to the sign-in form by the access control; a form post of a browser
 * session needs the session's CSRF token, and no form post may come from another site (403).
 */
public final class AuditPageRoutes extends RouteBuilder {

    public static final String SEARCH_ROUTE_ID = "audit-page-search";
    public static final String DECISION_ROUTE_ID = "audit-page-decision";
    public static final String REVEAL_ROUTE_ID = "audit-page-reveal";
    public static final String ACCESS_ROUTE_ID = "audit-page-access";
    public static final String MONITORING_ROUTE_ID = "audit-page-monitoring";
    /** The monitoring page. */
    public static final String MONITORING_PATH = "/audit/monitoring";
    public static final String SIGN_IN_ROUTE_ID = "audit-page-sign-in";
    public static final String SIGN_OUT_ROUTE_ID = "audit-page-sign-out";
    /** Nothing but the page itself: no scripts, no frames, no remote content, forms post only here. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The browser's pre-sign-in cookie, to which the sign-in form's token is bound. */
    static final String SIGN_IN_COOKIE = "credence_sign_in";
    /** The pages' path: the search, and everything below it. */
    public static final String PATH = "/audit";
    /** The sign-in form, open to all in the access policy. */
    public static final String SIGN_IN_PATH = "/audit/sign-in";
    private static final Duration SIGN_IN_FORM_LIFETIME = Duration.ofMinutes(30);

    private final AuditPage page;
    private final AccessLog accessLog;
    private final AuditPageAccess access;
    private final Clock clock;
    private final Supplier<MonitorSnapshot> monitoring;

    /** The pages without a drift monitor (the monitoring page says so). */
    public AuditPageRoutes(AuditLog log, AccessLog accessLog, AuditPageAccess access, Clock clock) {
        this(log, accessLog, access, clock, null);
    }

    /** @param monitoring what the monitoring page shows, taken at each view; null = no drift monitor */
    public AuditPageRoutes(AuditLog log, AccessLog accessLog, AuditPageAccess access, Clock clock,
                           Supplier<MonitorSnapshot> monitoring) {
        if (accessLog == null || access == null || clock == null) {
            throw new IllegalArgumentException("the audit pages need an access log, an access rule and a clock");
        }
        this.page = new AuditPage(log);
        this.accessLog = accessLog;
        this.access = access;
        this.clock = clock;
        this.monitoring = monitoring;
    }

    /** What a route answers: a page, and maybe where to go next and cookies to set. */
    private record Reply(AuditPage.Page page, String location, List<String> cookies) {

        static Reply of(AuditPage.Page page) {
            return new Reply(page, null, List.of());
        }

        static Reply seeOther(String location, List<String> cookies) {
            return new Reply(new AuditPage.Page(303, ""), location, cookies);
        }
    }

    @Override
    public void configure() {
        from("platform-http:/audit?httpMethodRestrict=GET")
                .routeId(SEARCH_ROUTE_ID)
                .process(exchange -> guarded(exchange, false, p -> p.has(Role.REVIEW), "review", caller -> {
                    Map<String, String> params = AuditPage.parseQuery(exchange.getIn().getHeader(Exchange.HTTP_RAW_QUERY, String.class));
                    AuditPage.Page result = page.search(params, caller.viewer());
                    if (result.status() == 200) {
                        record(caller.principal(), "search", null, searchDetail(params));
                    }
                    return Reply.of(result);
                }));
        from("platform-http:/audit/decisions/{id}?httpMethodRestrict=GET")
                .routeId(DECISION_ROUTE_ID)
                .process(exchange -> guarded(exchange, false, p -> p.has(Role.REVIEW), "review", caller -> {
                    String id = BrowserRequest.pathParam(exchange, "id");
                    AuditPage.Page result = page.decision(id, caller.viewer(), false);
                    if (result.status() == 200) {
                        record(caller.principal(), "view-decision", id, "page, personal data masked");
                    }
                    return Reply.of(result);
                }));
        from("platform-http:/audit/decisions/{id}/reveal?httpMethodRestrict=POST")
                .routeId(REVEAL_ROUTE_ID)
                .process(exchange -> guarded(exchange, true, p -> p.has(Role.REVIEW) && p.has(Role.REVIEW_PII),
                        "review and review-pii", caller -> {
                    String id = BrowserRequest.pathParam(exchange, "id");
                    String reason = reason(BrowserRequest.form(exchange).get("reason"));
                    if (reason.length() < AuditPage.MIN_REASON || reason.length() > AuditPage.MAX_REASON) {
                        return Reply.of(page.decision(id, caller.viewer(), false, "Give a reason of "
                                + AuditPage.MIN_REASON + " to " + AuditPage.MAX_REASON + " characters, was "
                                + reason.length() + "."));
                    }
                    AuditPage.Page revealed = page.decision(id, caller.viewer(), true);
                    if (revealed.status() == 200) {
                        // Logged before the page leaves: no reveal without its reason in the log.
                        record(caller.principal(), "reveal-input", id, reason);
                    }
                    return Reply.of(revealed);
                }));
        from("platform-http:" + MONITORING_PATH + "?httpMethodRestrict=GET")
                .routeId(MONITORING_ROUTE_ID)
                .process(exchange -> guarded(exchange, false, p -> p.has(Role.REVIEW), "review", caller -> {
                    MonitorSnapshot now = monitoring == null ? null : monitoring.get();
                    AuditPage.Page result = MonitoringPage.render(now, caller.viewer());
                    // Logged before the page leaves, like every other view of the compliance pages.
                    record(caller.principal(), "view-monitoring", null, now == null ? "no drift monitor"
                            : "model versions " + now.versions().stream().map(v -> v.id() + " (" + v.applications()
                            + " in window)").toList());
                    return Reply.of(result);
                }));
        from("platform-http:/audit/access?httpMethodRestrict=GET")
                .routeId(ACCESS_ROUTE_ID)
                .process(exchange -> guarded(exchange, false, p -> p.has(Role.ADMIN), "admin", caller -> {
                    int n = pageNumber(AuditPage.parseQuery(exchange.getIn().getHeader(Exchange.HTTP_RAW_QUERY, String.class)));
                    return Reply.of(AccessLogPage.render(accessLog.recent(n * AccessLogPage.PAGE_SIZE,
                            AccessLogPage.PAGE_SIZE + 1), n, caller.viewer()));
                }));
        from("platform-http:" + SIGN_IN_PATH + "?httpMethodRestrict=GET,POST")
                .routeId(SIGN_IN_ROUTE_ID)
                .process(exchange -> respond(exchange, () -> signIn(exchange)));
        from("platform-http:/audit/sign-out?httpMethodRestrict=POST")
                .routeId(SIGN_OUT_ROUTE_ID)
                .process(exchange -> guarded(exchange, true, p -> true, "a session", caller -> {
                    if (caller.session() != null) {
                        access.browserSignIn().orElseThrow().signOut(caller.session(), BrowserRequest.address(exchange));
                    }
                    return Reply.seeOther(SIGN_IN_PATH, List.of(expired(SessionAuthenticator.COOKIE, "/audit")));
                }));
    }

    /**
     * Runs a page for the caller the access control let through. The access policy has already
     * checked the role of the path; the page checks it again (without access control every caller
     * is one fixed reviewer, and a reveal needs review as well as review-pii), refuses a form post
     * from another site, and a browser session's form post without the session's CSRF token (403).
     * A bearer token's post needs no CSRF token: it is not sent by the browser on its own.
     */
    private void guarded(Exchange exchange, boolean post, Predicate<Principal> allowed, String needs,
                         java.util.function.Function<AuditPageAccess.Caller, Reply> body) {
        respond(exchange, () -> {
            if (post && !BrowserRequest.sameOrigin(exchange)) {
                return Reply.of(SignInPage.refused(403, "Refused", "This form was posted from another site."));
            }
            AuditPageAccess.Caller caller = access.identify(exchange);
            if (caller.principal() == null) {
                // The access control let no one through without credentials; a session ended since it looked.
                return new Reply(SignInPage.refused(401, "Sign in",
                        "Your session has ended (signed out, idle, or the service restarted). Sign in again."),
                        null, List.of(expired(SessionAuthenticator.COOKIE, "/audit")));
            }
            if (!allowed.test(caller.principal())) {
                return Reply.of(SignInPage.refused(403, "Not allowed", caller.principal().name() + " may not do this: it needs "
                        + needs + "."));
            }
            if (post && SessionAuthenticator.METHOD.equals(caller.principal().method())
                    && !SessionAuthenticator.csrfMatches(caller.session(), BrowserRequest.form(exchange).get("csrf"))) {
                return Reply.of(SignInPage.refused(403, "Refused", "The form's security token is missing or stale."
                        + " Reload the page and try again."));
            }
            return body.apply(caller);
        });
    }

    private Reply signIn(Exchange exchange) {
        BrowserSignIn signIn = access.browserSignIn().orElse(null);
        if (signIn == null) {
            return Reply.of(SignInPage.refused(404, "No sign-in", "Browser sign-in is off on this service"
                    + " (serve --users FILE turns it on)."));
        }
        String nonce = BrowserRequest.cookies(exchange).get(SIGN_IN_COOKIE);
        boolean post = "POST".equals(exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class));
        if (!post) {
            String fresh = nonce == null || nonce.length() != 43 ? signIn.newFormNonce() : nonce;
            return new Reply(SignInPage.form(signIn.formToken(fresh), null, 200), null,
                    List.of(cookie(SIGN_IN_COOKIE, fresh, SIGN_IN_PATH, SIGN_IN_FORM_LIFETIME)));
        }
        Map<String, String> form = BrowserRequest.form(exchange);
        if (!BrowserRequest.sameOrigin(exchange) || !signIn.formTokenMatches(nonce, form.get("csrf"))) {
            return Reply.of(SignInPage.refused(403, "Refused", "The sign-in form expired or was posted from another"
                    + " site. Open the sign-in page again."));
        }
        String name = form.getOrDefault("name", "").strip();
        BrowserSignIn.Attempt attempt = signIn.signIn(name, form.getOrDefault("password", ""), BrowserRequest.address(exchange));
        if (attempt instanceof BrowserSignIn.Attempt.SignedIn ok) {
            String previous = BrowserRequest.cookies(exchange).get(SessionAuthenticator.COOKIE);
            if (previous != null) {
                // Signed in again (perhaps as someone else): the browser's old session ends on the server.
                signIn.authenticator().resolve(previous)
                        .ifPresent(old -> signIn.signOut(old.session(), BrowserRequest.address(exchange)));
            }
            return Reply.seeOther("/audit", List.of(cookie(SessionAuthenticator.COOKIE, ok.session().id(), "/audit", null),
                    expired(SIGN_IN_COOKIE, SIGN_IN_PATH)));
        }
        return Reply.of(SignInPage.form(signIn.formToken(nonce), SignInPage.FAILED, 401));
    }

    private void record(Principal principal, String action, String decisionId, String detail) {
        accessLog.record(AccessEvent.by(clock.instant(), principal, action, decisionId, detail));
    }

    /** The filters of a search, for the access log ({@code outcome=DECLINE, from=2026-03-01}). */
    private static String searchDetail(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(params).forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                parts.add(k + "=" + v.strip());
            }
        });
        return parts.isEmpty() ? "all" : String.join(", ", parts);
    }

    /** A reveal's reason as it is logged: control characters and runs of white space as one space. */
    private static String reason(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\p{Cc}\\p{Cf}\\s]+", " ").strip();
    }

    private static int pageNumber(Map<String, String> params) {
        try {
            return Math.max(0, Math.min(100_000, Integer.parseInt(params.getOrDefault("page", "0").strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String cookie(String name, String value, String path, Duration maxAge) {
        return SessionAuthenticator.cookie(name, value, path, maxAge, access.secureCookies());
    }

    private String expired(String name, String path) {
        return SessionAuthenticator.expiredCookie(name, path, access.secureCookies());
    }

    private static void respond(Exchange exchange, Supplier<Reply> render) {
        Reply result;
        try {
            result = render.get();
        } catch (AuditUnavailableException e) {
            result = Reply.of(AuditPage.unavailable(e.getMessage()));
        }
        // Request headers (query parameters and form fields among them) must not be echoed as response headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, result.page().status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        // Not no-referrer: with it a browser sends "Origin: null" even on the page's own form posts.
        exchange.getMessage().setHeader("Referrer-Policy", "same-origin");
        if (result.location() != null) {
            exchange.getMessage().setHeader("Location", result.location());
        }
        if (!result.cookies().isEmpty()) {
            exchange.getMessage().setHeader("Set-Cookie", result.cookies());
        }
        exchange.getMessage().setBody(result.page().html());
    }
}
