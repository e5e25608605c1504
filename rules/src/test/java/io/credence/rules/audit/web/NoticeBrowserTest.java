package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.notice.Notice;
import io.credence.rules.notice.NoticeFixtures;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.DecisionHttp;
import io.credence.rules.service.routes.NoticeHttp;
import io.credence.rules.service.routes.RestRoutes;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;

/**
 * The adverse action notice in a real headless Chromium, opened from the compliance page's decision
 * view: the recorded reasons are on the page, its stylesheet (allowed by its hash) applies, and its
 * print layout takes over when the page is printed. Screenshots go to {@code target/}. Needs
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 */
class NoticeBrowserTest {

    @TempDir
    static Path dir;

    private static JdbcAuditLog log;
    private static CamelContext camel;
    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: skipping the browser test of the notice"
                        + " (apt-get install -y chromium chromium-driver)");
        log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        log.append(AuditFixtures.explained(2, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0));
        log.append(AuditFixtures.explained(30, "REFER", ExplanationMethod.BASELINE_SHAPLEY, 0.0));

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addRoutes(new AuditPageRoutes(log, new LoggingAccessLog(),
                AuditPageAccess.open(new Principal("local", Set.of(Role.REVIEW), "loopback")), Clock.systemUTC()));
        camel.addRoutes(new RestRoutes(new DecisionHttp(ServiceFixture.service(log), 65536,
                () -> new DecisionHttp.Readiness(true, Map.of())), null, null,
                new NoticeHttp(log, NoticeFixtures.LENDER, null, Clock.systemUTC())));
        camel.start();
        base = "http://127.0.0.1:" + port;

        service = new ChromeDriverService.Builder().usingDriverExecutable(HeadlessChromium.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
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

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path png = Path.of("target", name);
        Files.createDirectories(png.getParent());
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, name + " has " + bytes.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
    }

    @Test
    void theDecisionViewLinksTheNoticeWhichShowsTheRecordedReasonsAndPrintsWithItsPrintLayout() throws IOException {
        browser.get(base + "/audit/decisions/dec-2");
        PageNavigation.clickAndWaitForNextPage(browser, () -> browser.findElement(By.linkText("Adverse action notice")).click());

        assertTrue(browser.getCurrentUrl().endsWith("/api/v1/decisions/dec-2/notice"), browser.getCurrentUrl());
        assertEquals("Notice of action taken on your application for credit", browser.findElement(By.id("notice-title")).getText());
        assertEquals("We have denied your application for credit.", browser.findElement(By.id("action-taken")).getText());
        assertEquals(List.of(NoticeFixtures.POLICY_REASON, NoticeFixtures.MODEL_REASON), texts("#principal-reasons li"));
        assertTrue(browser.findElement(By.id("principal-reasons")).isDisplayed());
        assertEquals("First Example Bank", browser.findElement(By.id("creditor-name")).getText());
        assertEquals(Notice.ECOA_NOTICE, browser.findElement(By.id("ecoa-notice")).getText());
        assertEquals("7.3 %", browser.findElement(By.cssSelector("#score-0 .score-value")).getText());
        assertEquals(List.of("status of checking account"), texts("#key-factors-0 li"));
        assertEquals(Boolean.TRUE, script("return Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))"
                + ".some(r => r instanceof CSSMediaRule && r.media.mediaText === 'print')"), "a print stylesheet");
        assertEquals("704px", script("return getComputedStyle(document.querySelector('main')).maxWidth"),
                "the page's own stylesheet applies (its hash is what the Content-Security-Policy allows)");
        screenshot("notice-decline.png");

        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertEquals("none", script("return getComputedStyle(document.querySelector('main')).maxWidth"),
                    "printed, the notice uses the whole page");
            screenshot("notice-decline-print.png");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    @Test
    void aReferralsNoticeSaysItWasNotApprovedAsSubmittedAndAnApprovalHasNoLink() throws IOException {
        browser.get(base + "/api/v1/decisions/dec-30/notice");

        assertTrue(browser.findElement(By.id("action-taken")).getText()
                .startsWith("We cannot approve your application for credit as submitted."));
        assertEquals("Principal reasons why we could not approve your application as submitted",
                browser.findElement(By.id("reasons-heading")).getText());
        assertEquals(List.of(NoticeFixtures.POLICY_REASON, NoticeFixtures.MODEL_REASON), texts("#principal-reasons li"));
        screenshot("notice-refer.png");

        browser.get(base + "/audit/decisions/dec-1");
        assertTrue(browser.findElements(By.id("notice-link")).isEmpty(), "an approval has no notice");
    }
}
