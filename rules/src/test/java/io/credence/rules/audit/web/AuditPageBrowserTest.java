package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.LoggingAccessLog;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.support.ui.Select;

/**
 * The compliance page in a real headless Chromium, served by Camel platform-http over an H2 audit
 * log. Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * ({@code apt-get install -y chromium chromium-driver}).
 */
class AuditPageBrowserTest {

    private static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    private static final Path CHROMEDRIVER = HeadlessChromium.CHROMEDRIVER;

    @TempDir
    static Path dir;

    private static JdbcAuditLog log;
    private static CamelContext camel;
    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: skipping the browser test of the audit page"
                        + " (apt-get install -y chromium chromium-driver)");
        log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        log.append(AuditFixtures.decided(2, "DECLINE", "1.1.0"));
        log.append(AuditFixtures.decided(3, "DECLINE", "1.0.0"));
        log.append(AuditFixtures.rejected(4));
        log.append(AuditFixtures.decided(30, "REFER", "1.1.0"));

        int port = freePort();
        camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addRoutes(new AuditPageRoutes(log, new LoggingAccessLog(),
                AuditPageAccess.open(new Principal("local", Set.of(Role.REVIEW), "loopback")), Clock.systemUTC()));
        camel.start();
        base = "http://127.0.0.1:" + port;

        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, HeadlessChromium.options(dir));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (camel != null) {
            camel.stop();
        }
        if (log != null) {
            log.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Clicks and waits until the browser has left the current page and loaded the next one. */
    private static void clickAndWaitForNextPage(WebElement element) {
        PageNavigation.clickAndWaitForNextPage(browser, element::click);
    }

    private static List<String> resultIds() {
        return browser.findElements(By.cssSelector("#results tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void searchesByOutcomeDateAndModelVersionThenOpensADecision() throws IOException {
        browser.get(base + "/audit");
        assertEquals(List.of("dec-30", "dec-4", "dec-3", "dec-2", "dec-1"), resultIds());

        new Select(browser.findElement(By.id("outcome"))).selectByValue("DECLINE");
        browser.findElement(By.id("modelVersion")).sendKeys("1.1.0");
        clickAndWaitForNextPage(browser.findElement(By.id("search")));
        assertEquals(List.of("dec-2"), resultIds());

        browser.get(base + "/audit");
        browser.findElement(By.id("applicationId")).sendKeys("app-3");
        clickAndWaitForNextPage(browser.findElement(By.id("search")));
        assertEquals(List.of("dec-3"), resultIds());

        browser.get(base + "/audit?from=2026-03-02&to=2026-03-02");
        assertEquals(List.of("dec-4", "dec-3", "dec-2", "dec-1"), resultIds(), "day two holds dec-30 only");

        log.verify();
        browser.get(base + "/audit?outcome=DECLINE");
        clickAndWaitForNextPage(browser.findElement(By.linkText("dec-2")));

        assertEquals("dec-2", browser.findElement(By.id("decision-id")).getText());
        assertEquals("DECLINE", browser.findElement(By.id("outcome")).getText());
        assertTrue(browser.findElement(By.id("raw-input")).getText().startsWith("Masked"), "personal data is masked");
        assertFalse(browser.getPageSource().contains("Jane Doe"));
        assertTrue(browser.findElement(By.id("reason-table")).getText().contains("KO_DEBT_TO_INCOME"));
        assertTrue(browser.findElement(By.id("cutoff-table")).getText().contains("credit-default.decline 0.35"));
        assertTrue(browser.findElement(By.id("features-credit-default")).getText().contains("debt_to_income masked"));
        assertTrue(browser.findElement(By.id("score-table")).getText().contains("1.1.0"));
        assertEquals(List.of("score credit-default", "score-decline"),
                browser.findElements(By.cssSelector("#rules-fired li")).stream().map(WebElement::getText).toList());
        assertEquals(AuditFixtures.RULE_BASE.coordinates(), browser.findElement(By.id("rule-base")).getText());
        assertTrue(browser.findElement(By.id("chain-status")).getText().startsWith("intact (5 records verified at "),
                browser.findElement(By.id("chain-status")).getText());
        assertEquals("leaf 1 of the Merkle tree (5 leaves)", browser.findElement(By.id("receipt")).getText());
        assertEquals(log.find("dec-2").orElseThrow().recordHash(), browser.findElement(By.id("record-hash")).getText());

        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path png = Path.of("target", "audit-decision.png");
        Files.createDirectories(png.getParent());
        Files.copy(shot.toPath(), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "screenshot has " + bytes.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
    }

    @Test
    void showsErasedInputsAsErased() {
        log.erase(io.credence.rules.audit.ErasureRequest.ofApplication("app-1", "GDPR Art. 17, test", "cli:t", "cli"));
        log.verify();

        browser.get(base + "/audit/decisions/dec-1");

        assertTrue(browser.findElement(By.id("raw-input")).getText().startsWith("Erased on"));
        assertTrue(browser.findElement(By.id("chain-status")).getText().startsWith("intact"));
    }

    @Test
    void answersWithStatusCodesAndAStrictSecurityPolicyWithoutEchoingTheRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(base + "/audit?applicationId=app-2"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/audit/decisions/nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create(base + "/audit?to=soon")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, found.statusCode());
        assertEquals("text/html; charset=utf-8", found.headers().firstValue("Content-Type").orElse(""));
        assertEquals(AuditPageRoutes.CONTENT_SECURITY_POLICY,
                found.headers().firstValue("Content-Security-Policy").orElse(""));
        assertTrue(found.headers().firstValue("applicationId").isEmpty(), "query parameters are not echoed as headers");
        assertEquals(404, missing.statusCode());
        assertEquals(400, invalid.statusCode());
    }

    @Test
    void reportsAnInvalidSearchInThePage() {
        browser.get(base + "/audit?from=not-a-date");

        assertTrue(browser.findElement(By.cssSelector("[role=alert]")).getText()
                .contains("from must be a date like 2026-03-01, was not-a-date"));
    }
}
