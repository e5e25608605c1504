package io.credence.rules.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.credence.rules.decision.Outcome;
import io.credence.rules.security.session.TestClock;
import io.credence.rules.service.metrics.ServiceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DriftMonitorTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T06:00:00Z"));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(VersionDrift.class);

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private DriftMonitor monitor(DriftSettings settings) {
        return new DriftMonitor((name, version) -> DriftFixtures.CARD, settings, clock);
    }

    private static double psi(DriftMonitor monitor, String variable) {
        VersionSnapshot v = monitor.snapshot().versions().get(0);
        return v.variables().stream().filter(x -> x.name().equals(variable)).findFirst().orElseThrow().psi();
    }

    private List<ILoggingEvent> at(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    void theWindowHoldsTheLastNApplicationsAndPsiFollowsIt() {
        DriftMonitor monitor = monitor(new DriftSettings(8, null, 0.25, 4, 1));
        for (int i = 0; i < 3; i++) {
            monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(i)));
        }
        assertTrue(Double.isNaN(psi(monitor, "rate")), "fewer than min-applications give no PSI");
        monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(3)));
        assertEquals(0, psi(monitor, "rate"), 1e-12);
        assertEquals(0, psi(monitor, "score"), 1e-12);
        for (int i = 0; i < 8; i++) {
            monitor.observe(Outcome.DECLINE, List.of(DriftFixtures.shifted(i)));
        }
        VersionSnapshot now = monitor.snapshot().versions().get(0);
        assertEquals(8, now.applications());
        // Only shifted applications are left in the window: rate is all in the last bin (1.0 vs 0.25).
        double byHand = 3 * (0.0001 - 0.25) * Math.log(0.0001 / 0.25) + (1 - 0.25) * Math.log(1 / 0.25);
        assertEquals(byHand, psi(monitor, "rate"), 1e-9);
        assertEquals(List.of(0.0, 0.0, 0.0, 1.0), now.variables().get(0).live());
    }

    @Test
    void aWindowByTimeForgetsOldApplications() {
        DriftMonitor monitor = monitor(new DriftSettings(1000, Duration.ofMinutes(10), 0.25, 1, 1));
        monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.shifted(0)));
        clock.advance(Duration.ofMinutes(6));
        monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(0)));
        assertEquals(2, monitor.snapshot().versions().get(0).applications());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, monitor.snapshot().versions().get(0).applications());
    }

    @Test
    void warnsOncePerCrossingNotPerDecision() {
        DriftMonitor monitor = monitor(new DriftSettings(100, null, 0.25, 50, 1));
        for (int i = 0; i < 200; i++) {
            monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(i)));
        }
        assertEquals(List.of(), at(Level.WARN));
        for (int i = 0; i < 300; i++) {
            monitor.observe(Outcome.DECLINE, List.of(DriftFixtures.shifted(i)));
        }
        // rate, housing and score each crossed once, although 300 shifted decisions were checked.
        List<String> warnings = at(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("drift: drift-test@2.0.0 PSI of "), warnings.get(0));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("PSI of rate ")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("above 0.25")), warnings.toString());
        for (int i = 0; i < 200; i++) {
            monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(i)));
        }
        assertEquals(3, at(Level.INFO).stream().filter(e -> e.getFormattedMessage().contains("back at or below")).count());
        for (int i = 0; i < 200; i++) {
            monitor.observe(Outcome.DECLINE, List.of(DriftFixtures.shifted(i)));
        }
        assertEquals(6, at(Level.WARN).size(), "a second crossing warns again");
    }

    @Test
    void thePsiGaugeMovesWithTheWindow() {
        ServiceMetrics metrics = new ServiceMetrics(Set.of());
        DriftMonitor monitor = monitor(new DriftSettings(100, null, 0.25, 4, 10));
        monitor.track(DriftFixtures.CARD);
        metrics.drift(monitor);
        assertTrue(Double.isNaN(gauge(metrics.scrape(), "rate")), metrics.scrape());
        for (int i = 0; i < 100; i++) {
            monitor.observe(Outcome.APPROVE, List.of(DriftFixtures.typical(i)));
        }
        assertEquals(0, gauge(metrics.scrape(), "rate"), 1e-12);
        for (int i = 0; i < 50; i++) {
            monitor.observe(Outcome.DECLINE, List.of(DriftFixtures.shifted(i)));
        }
        double half = gauge(metrics.scrape(), "rate");
        assertEquals(psi(monitor, "rate"), half, 1e-12);
        assertTrue(half > 0.25, "half the window shifted: " + half);
        assertTrue(metrics.scrape().contains(
                "credence_drift_window_applications{model=\"drift-test\",version=\"2.0.0\"} 100.0"), metrics.scrape());
    }

    @Test
    void countsOutcomesPerMinute() {
        DriftMonitor monitor = monitor(DriftSettings.DEFAULT);
        monitor.observe(Outcome.APPROVE, List.of());
        monitor.observe(Outcome.REFER, List.of());
        clock.advance(Duration.ofMinutes(1));
        monitor.observe(Outcome.DECLINE, List.of());
        monitor.observe(Outcome.APPROVE, List.of());
        monitor.observe(Outcome.APPROVE, List.of());
        List<OutcomeRates.Minute> minutes = monitor.snapshot().minutes();
        assertEquals(List.of(new OutcomeRates.Minute(Instant.parse("2026-12-02T06:00:00Z"), 1, 1, 0),
                new OutcomeRates.Minute(Instant.parse("2026-12-02T06:01:00Z"), 2, 0, 1)), minutes);
        clock.advance(Duration.ofMinutes(60));
        assertEquals(List.of(), monitor.snapshot().minutes());
    }

    /** The value of {@code credence_drift_psi{variable=...}} in a scrape. */
    static double gauge(String scrape, String variable) {
        Matcher m = Pattern.compile("credence_drift_psi\\{model=\"drift-test\",variable=\"" + variable
                + "\",version=\"2.0.0\"} (\\S+)").matcher(scrape);
        assertTrue(m.find(), scrape);
        return Double.parseDouble(m.group(1));
    }
}
