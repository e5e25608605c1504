package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Debian {@code chromium} and {@code chromium-driver} the browser tests drive, headless, with a
 * fresh profile per test class.
 *
 * <pre>{@code
 * HeadlessChromium.assumeInstalled("the audit page");
 * chromium = HeadlessChromium.start(dir);          // in @BeforeAll
 * chromium.driver().get(base + "/audit");
 * chromium.close();                                // in @AfterAll: quits the browser, stops the driver
 * }</pre>
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Skips the calling test class where Chromium or its driver is not installed; {@code what} names what it tests. */
    static void assumeInstalled(String what) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: skipping the browser test of " + what
                        + " (apt-get install -y chromium chromium-driver)");
    }

    /** A driver service on a free port and a browser with a fresh profile under {@code dir}. */
    static HeadlessChromium start(Path dir) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options(dir)));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    /** Headless, no sandbox (containers), no background traffic, a profile of its own under {@code dir}. */
    static ChromeOptions options(Path dir) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--password-store=basic", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        return options;
    }
}
