package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.AccessPolicy;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.access.JdbcAccessLog;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.http.AccessControl;
import io.credence.rules.security.http.HttpAccessControl;
import io.credence.rules.security.http.SignInRedirect;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.SessionStore;
import io.credence.rules.security.session.SignInThrottle;
import io.credence.rules.security.session.TestClock;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UserDirectory;
import io.credence.rules.security.users.UsersFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-in, sessions and form checks of the compliance pages over real HTTP (Camel
 * platform-http on loopback, behind the service's access control with the session authenticator),
 * with a clock the test moves: no browser needed. Requests say {@code Accept: text/html} as a
 * browser does, unless a test asks as an API client.
 */
class SignInHttpTest {

    private static final Passwords FAST = new Passwords(Passwords.MIN_COST);
    private static final String PASSWORD = "rita's long passphrase";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private JdbcAuditLog audit;
    private AccessLog accessLog;
    private CamelContext camel;
    private String base;

    private void openStore() {
        audit = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        audit.append(AuditFixtures.decided(1, "DECLINE", "1.0.0"));
    }

    private void startHttp(AuditPageAccess access) throws Exception {
        startHttp(access, null);
    }

    /** With {@code control}: the access control in front of every route, as the service has it. */
    private void startHttp(AuditPageAccess access, HttpAccessControlOf control) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        if (control != null) {
            camel.addService(control.on(port));
        }
        camel.addRoutes(new AuditPageRoutes(audit, accessLog, access, clock));
        camel.start();
        base = "http://127.0.0.1:" + port;
    }

    private void startWithSignIn(boolean secureCookies) throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users.json"));
        users.save(UsersFile.Users.NONE.with(new User("rita", Set.of(Role.REVIEW, Role.REVIEW_PII), FAST.hash(PASSWORD),
                clock.instant())));
        openStore();
        accessLog = new JdbcAccessLog(audit.pool(), audit.toString());
        BrowserSignIn signIn = new BrowserSignIn(new UserDirectory(users, FAST),
                new SessionStore(clock, Duration.ofMinutes(15), new SecureRandom()), new SignInThrottle(clock), accessLog,
                clock, new SecureRandom());
        AccessControl sessions = new AccessControl(AccessPolicy.SERVICE, List.of(signIn.authenticator()));
        startHttp(AuditPageAccess.checked(signIn, secureCookies), port -> new HttpAccessControl(port, sessions,
                new SignInRedirect(AuditPageRoutes.PATH, AuditPageRoutes.SIGN_IN_PATH, secureCookies)));
    }

    private interface HttpAccessControlOf {
        HttpAccessControl on(int port);
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (audit != null) {
            audit.close();
        }
    }

    private record Answer(int status, String body, List<String> cookies, String location) {
    }

    private Answer send(String method, String path, String cookie, Map<String, String> form, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (form != null) {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            b.header("Content-Type", "application/x-www-form-urlencoded").method(method,
                    HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (!headers.containsKey("Accept")) {
            b.header("Accept", BROWSER_ACCEPT);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"),
                r.headers().firstValue("Location").orElse(null));
    }

    private static String cookie(Answer a, String name) {
        return a.cookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow(
                () -> new AssertionError("no cookie " + name + " in " + a.cookies()));
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    /** Signs in; answers the sign-in's reply. */
    private Answer signIn(String name, String password) throws Exception {
        Answer form = send("GET", "/audit/sign-in", null, null, Map.of());
        String nonce = AuditPageRoutes.SIGN_IN_COOKIE + "=" + value(cookie(form, AuditPageRoutes.SIGN_IN_COOKIE));
        return send("POST", "/audit/sign-in", nonce, Map.of("csrf", csrf(form.body()), "name", name, "password", password),
                Map.of());
    }

    private String sessionOf(Answer signedIn) {
        return "credence_session=" + value(cookie(signedIn, "credence_session"));
    }

    @Test
    void theSessionCookieIsRandomHttpOnlyStrictAndScopedToTheAuditPages() throws Exception {
        startWithSignIn(false);

        Answer signedIn = signIn("rita", PASSWORD);

        assertEquals(303, signedIn.status());
        assertEquals("/audit", signedIn.location());
        String session = cookie(signedIn, "credence_session");
        assertTrue(value(session).matches("[A-Za-z0-9_-]{43}"), session);
        String attributes = session.toLowerCase(java.util.Locale.ROOT);
        assertTrue(attributes.contains("; path=/audit") && attributes.contains("; httponly")
                && attributes.contains("; samesite=strict"), session);
        assertFalse(attributes.contains("secure"), "plain HTTP: no Secure flag");
        assertTrue(cookie(signedIn, AuditPageRoutes.SIGN_IN_COOKIE).contains("Max-Age=0"), "the pre-sign-in cookie is dropped");
    }

    @Test
    void theCookiesAreSecureWhenTheServerRunsTls() throws Exception {
        startWithSignIn(true);

        Answer form = send("GET", "/audit/sign-in", null, null, Map.of());
        Answer signedIn = signIn("rita", PASSWORD);

        assertTrue(cookie(form, AuditPageRoutes.SIGN_IN_COOKIE).contains("; Secure"), form.cookies().toString());
        assertTrue(cookie(signedIn, "credence_session").contains("; Secure"), signedIn.cookies().toString());
    }

    @Test
    void aSessionIdleForTheTimeoutSendsTheBrowserBackToSignIn() throws Exception {
        startWithSignIn(false);
        String session = sessionOf(signIn("rita", PASSWORD));

        clock.advance(Duration.ofMinutes(14));
        assertEquals(200, send("GET", "/audit/decisions/dec-1", session, null, Map.of()).status());
        clock.advance(Duration.ofMinutes(14));
        assertEquals(200, send("GET", "/audit", session, null, Map.of()).status(), "each request restarts the idle time");
        clock.advance(Duration.ofMinutes(15));
        Answer idle = send("GET", "/audit", session, null, Map.of());

        assertEquals(303, idle.status());
        assertEquals("/audit/sign-in", idle.location());
        assertTrue(cookie(idle, "credence_session").contains("Max-Age=0"), "the dead cookie is dropped");
    }

    @Test
    void answersAnUnknownNameAndAWrongPasswordAlikeAndLocksOutAfterFiveFailures() throws Exception {
        startWithSignIn(false);

        Answer unknown = signIn("nobody", PASSWORD);
        Answer wrong = signIn("rita", "not her password");
        assertEquals(401, unknown.status());
        assertEquals(401, wrong.status());
        assertEquals(unknown.body().replaceAll(CSRF.pattern(), ""), wrong.body().replaceAll(CSRF.pattern(), ""));
        for (int i = 0; i < 3; i++) {
            signIn("rita", "still not it " + i);
        }

        Answer locked = signIn("rita", PASSWORD);
        assertEquals(401, locked.status(), "locked out: the right password is refused too");
        assertEquals(wrong.body().replaceAll(CSRF.pattern(), ""), locked.body().replaceAll(CSRF.pattern(), ""));
        clock.advance(SignInThrottle.LOCKOUT);
        assertEquals(303, signIn("rita", PASSWORD).status());
        assertEquals(List.of("sign-in", "sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-failed",
                "sign-in-failed", "sign-in-failed"), accessLog.recent(10).stream().map(e -> e.action()).toList());
    }

    @Test
    void refusesASignInFormWithoutItsTokenOrFromAnotherSite() throws Exception {
        startWithSignIn(false);
        Answer form = send("GET", "/audit/sign-in", null, null, Map.of());
        String nonce = AuditPageRoutes.SIGN_IN_COOKIE + "=" + value(cookie(form, AuditPageRoutes.SIGN_IN_COOKIE));
        Map<String, String> fields = new LinkedHashMap<>(Map.of("name", "rita", "password", PASSWORD));

        assertEquals(403, send("POST", "/audit/sign-in", null, fields, Map.of()).status(), "no cookie, no token");
        assertEquals(403, send("POST", "/audit/sign-in", nonce, fields, Map.of()).status(), "no token");
        fields.put("csrf", csrf(form.body()));
        assertEquals(403, send("POST", "/audit/sign-in", nonce, fields, Map.of("Sec-Fetch-Site", "cross-site")).status());
        assertEquals(403, send("POST", "/audit/sign-in", nonce, fields, Map.of("Origin", "https://evil.example")).status());
        assertEquals(303, send("POST", "/audit/sign-in", nonce, fields, Map.of()).status());
    }

    @Test
    void signOutNeedsTheCsrfTokenAndEndsTheSessionOnTheServer() throws Exception {
        startWithSignIn(false);
        String session = sessionOf(signIn("rita", PASSWORD));
        String token = csrf(send("GET", "/audit", session, null, Map.of()).body());

        assertEquals(403, send("POST", "/audit/sign-out", session, Map.of(), Map.of()).status());
        assertEquals(200, send("GET", "/audit", session, null, Map.of()).status(), "still signed in");
        Answer out = send("POST", "/audit/sign-out", session, Map.of("csrf", token), Map.of());

        assertEquals(303, out.status());
        assertEquals("/audit/sign-in", out.location());
        assertEquals(303, send("GET", "/audit", session, null, Map.of()).status());
        Answer again = send("POST", "/audit/sign-out", session, Map.of("csrf", token), Map.of());
        assertEquals(303, again.status(), "a browser with a dead session is sent to sign in");
        assertEquals("/audit/sign-in", again.location());
        assertEquals(401, send("POST", "/audit/sign-out", session, Map.of("csrf", token),
                Map.of("Accept", "application/json")).status(), "an API client gets the 401");
    }

    @Test
    void anApiClientWithoutCredentialsGetsA401AndABrowserTheSignInForm() throws Exception {
        startWithSignIn(false);

        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/audit"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        Answer browser = send("GET", "/audit/decisions/dec-1", null, null, Map.of());
        Answer form = send("GET", "/audit/sign-in", null, null, Map.of());

        assertEquals(401, api.statusCode());
        assertEquals("Bearer realm=\"credence\"", api.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(api.body().startsWith("{\"error\""), api.body());
        assertEquals(303, browser.status());
        assertEquals("/audit/sign-in", browser.location());
        assertTrue(browser.cookies().isEmpty(), "no session cookie to drop");
        assertEquals(200, form.status(), "the sign-in form is open");
    }

    @Test
    void aSignedInBrowserWithoutTheRoleGetsA403Page() throws Exception {
        startWithSignIn(false);
        String session = sessionOf(signIn("rita", PASSWORD));

        Answer access = send("GET", "/audit/access", session, null, Map.of());

        assertEquals(403, access.status(), "rita has no admin");
        assertTrue(access.body().contains("the role admin"), access.body());
        assertTrue(access.body().startsWith("<!DOCTYPE html>"), access.body());
    }

    @Test
    void signingInAgainEndsTheBrowsersOldSession() throws Exception {
        startWithSignIn(false);
        String old = sessionOf(signIn("rita", PASSWORD));
        Answer form = send("GET", "/audit/sign-in", old, null, Map.of());
        String nonce = AuditPageRoutes.SIGN_IN_COOKIE + "=" + value(cookie(form, AuditPageRoutes.SIGN_IN_COOKIE));

        Answer again = send("POST", "/audit/sign-in", old + "; " + nonce,
                Map.of("csrf", csrf(form.body()), "name", "rita", "password", PASSWORD), Map.of());

        assertEquals(303, again.status());
        assertEquals(303, send("GET", "/audit", old, null, Map.of()).status(), "the old cookie is dead");
        assertEquals(200, send("GET", "/audit", sessionOf(again), null, Map.of()).status());
    }

    @Test
    void aRevealNeedsAReasonOfTenCharactersAndIsLoggedWithIt() throws Exception {
        startWithSignIn(false);
        String session = sessionOf(signIn("rita", PASSWORD));
        String token = csrf(send("GET", "/audit/decisions/dec-1", session, null, Map.of()).body());

        Answer tooShort = send("POST", "/audit/decisions/dec-1/reveal", session, Map.of("csrf", token, "reason", "because"),
                Map.of());
        Answer missing = send("POST", "/audit/decisions/nope/reveal", session,
                Map.of("csrf", token, "reason", "checking a complaint"), Map.of());
        Answer revealed = send("POST", "/audit/decisions/dec-1/reveal", session,
                Map.of("csrf", token, "reason", "  checking\na complaint  "), Map.of());

        assertEquals(400, tooShort.status());
        assertFalse(tooShort.body().contains("Jane Doe"));
        assertEquals(404, missing.status());
        assertEquals(200, revealed.status());
        assertTrue(revealed.body().contains("Jane Doe"));
        assertEquals("checking a complaint", accessLog.recent(1).get(0).detail());
        assertEquals("reveal-input", accessLog.recent(1).get(0).action());
        assertEquals(1, accessLog.recent(100).stream().filter(e -> e.action().equals("reveal-input")).count());
    }

    @Test
    void withoutSignInEveryRequestIsTheOpenPrincipalAndThereIsNoSignInPage() throws Exception {
        openStore();
        accessLog = new LoggingAccessLog();
        startHttp(AuditPageAccess.open(new Principal("local", Set.of(Role.REVIEW), "loopback")));

        Answer page = send("GET", "/audit/decisions/dec-1", null, null, Map.of());
        Answer reveal = send("POST", "/audit/decisions/dec-1/reveal", null, Map.of("reason", "checking a complaint"), Map.of());

        assertEquals(200, page.status());
        assertFalse(page.body().contains("Jane Doe"));
        assertEquals(403, reveal.status(), "review only: no reveal");
        assertEquals(403, send("GET", "/audit/access", null, null, Map.of()).status());
        assertEquals(404, send("GET", "/audit/sign-in", null, null, Map.of()).status());
        assertEquals("loopback:local", accessLog.recent(1).get(0).principal());
    }
}
