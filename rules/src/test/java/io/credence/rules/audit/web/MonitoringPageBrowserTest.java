package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.decision.Outcome;
import io.credence.rules.drift.DriftFixtures;
import io.credence.rules.drift.DriftMonitor;
import io.credence.rules.drift.DriftSettings;
import io.credence.rules.drift.VariableDrift;
import io.credence.rules.drift.VersionSnapshot;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
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

/**
 * The monitoring page in a real headless Chromium, served by Camel platform-http, over a drift
 * monitor fed with known applications: the numbers the page shows are the monitor's. Needs
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 */
class MonitoringPageBrowserTest {

    @TempDir
    static Path dir;

    private static JdbcAuditLog log;
    private static CamelContext camel;
    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static String base;
    private static DriftMonitor monitor;
    private static final LoggingAccessLog ACCESS = new LoggingAccessLog();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: skipping the browser test of the monitoring page");
        monitor = new DriftMonitor((name, version) -> DriftFixtures.CARD, new DriftSettings(200, null, 0.25, 20, 10),
                Clock.systemUTC());
        for (int i = 0; i < 120; i++) {
            monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(i)));
        }
        for (int i = 0; i < 40; i++) {
            monitor.observe(i % 2 == 0 ? Outcome.DECLINE : Outcome.REFER, List.of(DriftFixtures.shifted(i)));
        }
        log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
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
        camel.addRoutes(new AuditPageRoutes(log, ACCESS,
                AuditPageAccess.open(new Principal("reviewer", Set.of(Role.REVIEW), "loopback")), Clock.systemUTC(),
                monitor::snapshot));
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

    @Test
    void showsTheMonitorsHistogramPsiAndOutcomesAndLogsTheView() throws IOException {
        browser.get(base + "/audit");
        browser.findElement(By.id("monitoring-link")).click();
        assertEquals(base + AuditPageRoutes.MONITORING_PATH, browser.getCurrentUrl());
        VersionSnapshot expected = monitor.snapshot().versions().get(0);

        WebElement section = browser.findElement(By.id("model-drift-test-2.0.0"));
        assertEquals("160", section.getAttribute("data-applications"));
        assertEquals(expected.applications(), Integer.parseInt(section.getAttribute("data-applications")));

        List<WebElement> live = browser.findElements(By.cssSelector("#score-histogram-drift-test-2\\.0\\.0 rect.live"));
        List<WebElement> training = browser.findElements(By.cssSelector("#score-histogram-drift-test-2\\.0\\.0 rect.training"));
        assertEquals(10, live.size());
        assertEquals(10, training.size());
        for (int b = 0; b < 10; b++) {
            assertEquals(expected.score().live().get(b), Double.parseDouble(live.get(b).getAttribute("data-share")), 1e-12);
            assertEquals(expected.score().training().get(b), Double.parseDouble(training.get(b).getAttribute("data-share")), 1e-12);
        }
        assertEquals(40.0 / 160, Double.parseDouble(live.get(8).getAttribute("data-share")), 1e-12, "the 0.85 scores");

        List<WebElement> rows = browser.findElements(By.cssSelector("#psi-drift-test-2\\.0\\.0 tbody tr"));
        assertEquals(List.of("rate", "housing", "score"), rows.stream().map(r -> r.getAttribute("data-variable")).toList());
        for (int i = 0; i < rows.size(); i++) {
            VariableDrift v = expected.variables().get(i);
            assertEquals(String.format(Locale.ROOT, "%.4f", v.psi()), rows.get(i).findElement(By.className("psi-value")).getText());
            assertEquals(1, rows.get(i).findElements(By.cssSelector("rect.psi-bar")).size());
        }
        assertEquals("shifted", rows.get(2).findElement(By.cssSelector("td:nth-child(3)")).getText());

        List<WebElement> minutes = browser.findElements(By.cssSelector("#outcome-table tbody tr"));
        long approve = 0;
        long refer = 0;
        long decline = 0;
        for (WebElement m : minutes) {
            approve += Long.parseLong(m.findElement(By.className("approve")).getText());
            refer += Long.parseLong(m.findElement(By.className("refer")).getText());
            decline += Long.parseLong(m.findElement(By.className("decline")).getText());
        }
        assertEquals(List.of(120L, 20L, 20L), List.of(approve, refer, decline));
        assertTrue(browser.findElements(By.cssSelector("#outcome-chart rect.approve")).size() >= 1);

        Path shot = Path.of("target", "monitoring-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

        List<AccessEvent> views = ACCESS.recent(20).stream().filter(e -> e.action().equals("view-monitoring")).toList();
        assertEquals(1, views.size());
        assertEquals("loopback:reviewer", views.get(0).principal());
        assertTrue(views.get(0).detail().contains("drift-test@2.0.0 (160 in window)"), views.get(0).detail());
    }
}
