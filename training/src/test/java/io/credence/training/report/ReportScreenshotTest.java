package io.credence.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.training.eval.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens report.html in headless Chromium and checks what a reader sees: the charts are drawn
 * (SVG elements with rendered size and data) and the metrics table shows the AUC. Saves a
 * screenshot to {@code target/report-screenshot.png}. Skipped only when {@code /usr/bin/chromium}
 * is not installed ({@code apt-get install -y chromium chromium-driver}).
 */
class ReportScreenshotTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void chromiumRendersTheChartsAndTheMetricsTable() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless report test skipped: " + CHROMIUM
                + " is not installed (apt-get install -y chromium chromium-driver)");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMIUM + " is installed but " + CHROMEDRIVER
                + " is not; install the Debian package chromium-driver");
        Report report = ReportFixtures.report();
        Path html = dir.resolve("report.html");
        ReportWriter.write(html, report);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,2000", "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(html.toUri().toString());
            assertEquals("Credence model test@1.0.0", driver.getTitle());
            for (String id : List.of("roc", "calibration", "histogram", "learning-curve", "learning-curve-auc")) {
                WebElement svg = driver.findElement(By.id(id));
                assertTrue(svg.isDisplayed(), id + " is displayed");
                assertTrue(svg.getSize().getWidth() > 300 && svg.getSize().getHeight() > 200, id + " size " + svg.getSize());
            }
            assertTrue(driver.findElements(By.cssSelector("#roc polyline.series")).size() >= 2, "ROC curve and chance line");
            assertEquals(40, driver.findElements(By.cssSelector("#histogram rect.bar")).size(), "20 bins x 2 classes");
            assertEquals(10, driver.findElements(By.cssSelector("#calibration circle")).size(), "one point per decile");
            List<WebElement> rows = driver.findElements(By.cssSelector("#metrics tbody tr"));
            assertEquals(1, rows.size());
            Report.Scored s = report.scored().get(0);
            String auc = ReportWriter.f4(Metrics.rocAuc(s.predictions(), s.labels()));
            assertEquals(auc, driver.findElement(By.cssSelector("#metrics td.auc")).getText());
            byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
            Path target = Path.of("target", "report-screenshot.png");
            Files.createDirectories(target.getParent());
            Files.write(target, png);
            assertTrue(png.length > 10_000, "screenshot has content: " + png.length + " bytes");
        } finally {
            driver.quit();
        }
    }
}
