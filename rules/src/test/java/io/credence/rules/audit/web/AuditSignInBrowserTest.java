package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UsersFile;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.support.ui.Select;

/**
 * Signing in to the compliance page in a real headless Chromium, against the service as
 * {@code serve --users FILE} runs it (HTTP on loopback, H2 audit store with its access log):
 * sign in, search, open a decision with its input masked, reveal it with a reason, sign out, and
 * the old session cookie no longer works; forged and cross-site posts are refused; the access log
 * shows every step with its principal. Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 */
class AuditSignInBrowserTest {

    private static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    private static final Path CHROMEDRIVER = HeadlessChromium.CHROMEDRIVER;
    private static final String RITA_PASSWORD = "rita's long passphrase";
    private static final String ROB_PASSWORD = "rob's long passphrase";
    private static final String ADA_PASSWORD = "ada's long passphrase";
    private static final String REASON = "Complaint 4411: the applicant disputes the income";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;

    private static ServiceRuntime service;
    private static ChromeDriverService driverService;
    private static ChromeDriver browser;
    private static HttpServer otherSite;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: skipping the browser test of the sign-in"
                        + " (apt-get install -y chromium chromium-driver)");
        Passwords fast = new Passwords(Passwords.MIN_COST);
        Path users = dir.resolve("users.json");
        new UsersFile(users).save(UsersFile.Users.NONE
                .with(new User("rita", Set.of(Role.REVIEW, Role.REVIEW_PII), fast.hash(RITA_PASSWORD), Instant.now()))
                .with(new User("rob", Set.of(Role.REVIEW), fast.hash(ROB_PASSWORD), Instant.now()))
                .with(new User("ada", Set.of(Role.REVIEW, Role.ADMIN), fast.hash(ADA_PASSWORD), Instant.now())));

        int port = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("credence.http.host", "127.0.0.1");
        settings.put("credence.http.port", Integer.toString(port));
        settings.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        settings.put("credence.models.dir", "");
        settings.put("credence.execution-provider", "cpu");
        settings.put("credence.security.users", users.toString());
        service = ServiceRuntime.start(ServiceSettings.load(settings), AuditLogFactory.JDBC);
        service.audit().append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        service.audit().append(AuditFixtures.decided(2, "DECLINE", "1.1.0"));
        base = "http://127.0.0.1:" + port;

        // Another origin (another port) serving a page whose form posts to the reveal action.
        otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        otherSite.start();

        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driverService, HeadlessChromium.options(dir));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (otherSite != null) {
            otherSite.stop(0);
        }
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(base + "/audit/sign-in");
        browser.manage().deleteAllCookies();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Clicks and waits until the browser has left the current page and loaded the next one. */
    private static void clickAndWaitForNextPage(WebElement element) {
        PageNavigation.clickAndWaitForNextPage(browser, element::click);
    }

    /** Saves what the browser shows under target/, for a person to look at. */
    private static void screenshot(String name) throws IOException {
        Path png = Path.of("target", name);
        Files.createDirectories(png.getParent());
        Files.write(png, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    private static String path() {
        return URI.create(browser.getCurrentUrl()).getPath();
    }

    private static void signInInBrowser(String name, String password) {
        browser.get(base + "/audit/sign-in");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWaitForNextPage(browser.findElement(By.id("sign-in")));
    }

    /** A browser session opened over plain HTTP: its cookie and its CSRF token. */
    private record HttpSession(String cookie, String csrf) {
    }

    private static HttpSession signInOverHttp(String name, String password) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/audit/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String nonce = cookieValue(form, AuditPageRoutes.SIGN_IN_COOKIE);
        HttpResponse<String> signedIn = post("/audit/sign-in", AuditPageRoutes.SIGN_IN_COOKIE + "=" + nonce,
                Map.of("csrf", csrf(form.body()), "name", name, "password", password), null);
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        String cookie = "credence_session=" + cookieValue(signedIn, "credence_session");
        HttpResponse<String> search = get("/audit", cookie);
        return new HttpSession(cookie, csrf(search.body()));
    }

    private static String cookieValue(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    /** A GET as a browser sends it ({@code Accept: text/html}): without a session, the access control redirects it. */
    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cookie, Map<String, String> form, String origin)
            throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> actionsOf(String principal) {
        return service.accessLog().recent(1000).stream().filter(e -> e.principal().equals(principal))
                .map(e -> e.action() + (e.decisionId() == null ? "" : " " + e.decisionId())).toList();
    }

    @Test
    void signsInSearchesRevealsWithAReasonSignsOutAndTheOldCookieIsDead() throws Exception {
        // Without a session the page sends the browser to the sign-in form; a wrong password is refused.
        browser.get(base + "/audit");
        assertEquals("/audit/sign-in", path());
        browser.findElement(By.id("name")).sendKeys("rita");
        browser.findElement(By.id("password")).sendKeys("not her password");
        clickAndWaitForNextPage(browser.findElement(By.id("sign-in")));
        assertEquals(SignInPage.FAILED, browser.findElement(By.id("sign-in-error")).getText());
        screenshot("audit-sign-in.png");

        browser.findElement(By.id("name")).sendKeys("rita");
        browser.findElement(By.id("password")).sendKeys(RITA_PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("sign-in")));
        assertEquals("/audit", path());
        assertEquals("rita", browser.findElement(By.id("signed-in-as")).getText());
        String sessionId = browser.manage().getCookieNamed("credence_session").getValue();
        assertTrue(browser.manage().getCookieNamed("credence_session").isHttpOnly());

        new Select(browser.findElement(By.id("outcome"))).selectByValue("DECLINE");
        clickAndWaitForNextPage(browser.findElement(By.id("search")));
        clickAndWaitForNextPage(browser.findElement(By.linkText("dec-2")));
        assertEquals("dec-2", browser.findElement(By.id("decision-id")).getText());
        assertTrue(browser.findElement(By.id("raw-input")).getText().startsWith("Masked"));
        assertFalse(browser.getPageSource().contains("Jane Doe"));
        assertTrue(browser.findElement(By.id("features-credit-default")).getText().contains("debt_to_income masked"));
        assertTrue(browser.findElement(By.id("attribution-table")).getText().contains("checking_status masked masked"));

        browser.findElement(By.id("reason")).sendKeys(REASON);
        screenshot("audit-decision-masked.png");
        clickAndWaitForNextPage(browser.findElement(By.id("reveal")));
        screenshot("audit-decision-revealed.png");
        assertTrue(browser.findElement(By.id("raw-input")).getText().contains("Jane Doe"));
        assertTrue(browser.findElement(By.id("features-credit-default")).getText().contains("debt_to_income 0.1"));
        assertTrue(browser.findElement(By.id("attribution-table")).getText().contains("checking_status A11 A14"));

        browser.get(base + "/audit/decisions/dec-2");
        assertTrue(browser.findElement(By.id("raw-input")).getText().startsWith("Masked"), "revealed for that request only");

        clickAndWaitForNextPage(browser.findElement(By.id("sign-out")));
        assertEquals("/audit/sign-in", path());
        browser.get(base + "/audit/decisions/dec-2");
        assertEquals("/audit/sign-in", path());

        // The old cookie, replayed by hand, is dead on the server: a browser is redirected, an API client's post gets 401.
        HttpResponse<String> replayed = get("/audit/decisions/dec-2", "credence_session=" + sessionId);
        assertEquals(303, replayed.statusCode());
        assertEquals("/audit/sign-in", replayed.headers().firstValue("Location").orElse(""));
        HttpResponse<String> replayedPost = post("/audit/decisions/dec-2/reveal", "credence_session=" + sessionId,
                Map.of("reason", REASON), null);
        assertEquals(401, replayedPost.statusCode());
        assertFalse(replayedPost.body().contains("Jane Doe"));

        assertEquals(List.of("sign-out", "view-decision dec-2", "reveal-input dec-2", "view-decision dec-2", "search",
                "search", "sign-in"), actionsOf("session:rita").subList(0, 7));
        AccessEvent reveal = service.accessLog().recent(1000).stream().filter(e -> e.action().equals("reveal-input"))
                .findFirst().orElseThrow();
        assertEquals(REASON, reveal.detail());
        assertTrue(service.accessLog().recent(1000).stream().anyMatch(e -> e.principal().equals("anonymous")
                && e.action().equals("sign-in-failed") && e.detail().equals("from 127.0.0.1")));
        assertTrue(service.accessLog().recent(1000).stream().noneMatch(e -> String.valueOf(e.detail()).contains("not her password")
                || String.valueOf(e.detail()).contains(RITA_PASSWORD)));
    }

    @Test
    void refusesARevealPostedWithoutOrWithAWrongCsrfToken() throws Exception {
        HttpSession rita = signInOverHttp("rita", RITA_PASSWORD);

        HttpResponse<String> without = post("/audit/decisions/dec-1/reveal", rita.cookie(), Map.of("reason", REASON), null);
        HttpResponse<String> wrong = post("/audit/decisions/dec-1/reveal", rita.cookie(),
                Map.of("reason", REASON, "csrf", "A".repeat(43)), null);
        HttpResponse<String> right = post("/audit/decisions/dec-1/reveal", rita.cookie(),
                Map.of("reason", REASON, "csrf", rita.csrf()), null);

        assertEquals(403, without.statusCode());
        assertEquals(403, wrong.statusCode());
        assertFalse(without.body().contains("Jane Doe") || wrong.body().contains("Jane Doe"));
        assertEquals(200, right.statusCode(), "the same post with the session's token");
        assertTrue(right.body().contains("Jane Doe"));
    }

    @Test
    void refusesARevealPostedByAPageOfAnotherOriginEvenWithTheRightToken() throws Exception {
        signInInBrowser("rita", RITA_PASSWORD);
        String token = browser.findElement(By.name("csrf")).getAttribute("value");
        int revealsBefore = actionsOf("session:rita").stream().filter(a -> a.startsWith("reveal-input")).toList().size();
        String page = "<!DOCTYPE html><html><body><form method=\"post\" action=\"" + base + "/audit/decisions/dec-1/reveal\">"
                + "<input type=\"hidden\" name=\"reason\" value=\"" + REASON + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">"
                + "<button id=\"win\" type=\"submit\">You won a prize</button></form></body></html>";
        otherSite.createContext("/prize", exchange -> {
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });

        browser.get("http://127.0.0.1:" + otherSite.getAddress().getPort() + "/prize");
        clickAndWaitForNextPage(browser.findElement(By.id("win")));

        assertFalse(browser.getPageSource().contains("Jane Doe"));
        assertTrue(browser.findElement(By.id("refused")).getText().contains("another site"), browser.getPageSource());
        assertEquals(revealsBefore, actionsOf("session:rita").stream().filter(a -> a.startsWith("reveal-input")).toList().size());
        // A plain client that says it comes from elsewhere is refused the same way.
        HttpSession rita = signInOverHttp("rita", RITA_PASSWORD);
        assertEquals(403, post("/audit/decisions/dec-1/reveal", rita.cookie(), Map.of("reason", REASON, "csrf", rita.csrf()),
                "http://evil.example").statusCode());
    }

    @Test
    void aReviewerWithoutReviewPiiCannotRevealAndOnlyAnAdminReadsTheAccessLog() throws Exception {
        HttpSession rob = signInOverHttp("rob", ROB_PASSWORD);
        HttpResponse<String> decision = get("/audit/decisions/dec-1", rob.cookie());
        HttpResponse<String> reveal = post("/audit/decisions/dec-1/reveal", rob.cookie(),
                Map.of("reason", REASON, "csrf", rob.csrf()), null);
        HttpResponse<String> accessLog = get("/audit/access", rob.cookie());

        assertEquals(200, decision.statusCode());
        assertFalse(decision.body().contains("id=\"reveal-form\""), "no reveal form for review only");
        assertTrue(decision.body().contains("needs the review-pii role"));
        assertEquals(403, reveal.statusCode());
        assertFalse(reveal.body().contains("Jane Doe"));
        assertEquals(403, accessLog.statusCode());

        signInInBrowser("ada", ADA_PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("access-log-link")));
        // Principal | action | decision | detail, newest first.
        List<String> rows = browser.findElements(By.cssSelector("#access-table tbody tr")).stream()
                .map(tr -> String.join("|", tr.findElements(By.tagName("td")).stream().skip(1).map(WebElement::getText).toList()))
                .toList();
        assertEquals("session:ada|search||all", rows.get(0), rows.toString());
        assertEquals("session:ada|sign-in||from 127.0.0.1", rows.get(1), rows.toString());
        assertTrue(rows.contains("session:rob|view-decision|dec-1|page, personal data masked"), rows.toString());
        assertTrue(rows.contains("session:rob|sign-in||from 127.0.0.1"), rows.toString());
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("session:rob|reveal-input")), rows.toString());
    }
}
