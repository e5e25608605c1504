package io.credence.rules.audit.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Debian {@code chromium} and {@code chromium-driver} the browser tests drive, headless, with a
 * fresh profile per test class.
 *
 * <pre>{@code
 * ChromeDriver browser = new ChromeDriver(driverService, HeadlessChromium.options(dir));
 * }</pre>
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
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
