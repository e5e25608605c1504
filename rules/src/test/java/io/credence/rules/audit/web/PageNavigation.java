package io.credence.rules.audit.web;

import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Waits for a click to load the next page in a real browser. The page being left is marked with a
 * script variable that only it has; the next document starts without it. (Waiting for the old
 * {@code <html>} element to go stale fails on Chromium 156, whose driver answers "Node with given
 * id does not belong to the document" for it instead of a stale element reference.)
 */
final class PageNavigation {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private PageNavigation() {
    }

    /** Runs {@code click} and returns when the browser shows a new, completely loaded document. */
    static void clickAndWaitForNextPage(WebDriver browser, Runnable click) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.credencePageLeft = true");
        click.run();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return window.credencePageLeft === undefined && document.readyState === 'complete'")));
    }
}
