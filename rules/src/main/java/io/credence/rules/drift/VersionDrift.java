package io.credence.rules.drift;

import io.credence.plugin.card.Distribution;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.drift.EncodedColumns;
import io.credence.plugin.drift.FeatureBins;
import io.credence.plugin.drift.Psi;
import io.credence.plugin.drift.SlidingHistograms;
import io.credence.rules.decision.ScoreSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift of one model version: a sliding window of its scored applications' bins against the
 * card's training distributions. {@link #observe} is called on every decision: it bins the encoded
 * values the score already carries (no model call), adds them to the window under one short lock,
 * and every {@link DriftSettings#checkEvery()} applications looks for PSI crossings of
 * {@link DriftSettings#warnAbove()}: one WARN line when a variable goes above, one INFO line when it
 * comes back.
 *
 * <pre>{@code
 * VersionDrift drift = new VersionDrift(card, DriftSettings.DEFAULT, Clock.systemUTC());
 * drift.observe(scoreSummary);
 * double psi = drift.psi(drift.names().indexOf("ageYears"));
 * }</pre>
 */
public final class VersionDrift {

    private static final Logger LOG = LoggerFactory.getLogger(VersionDrift.class);

    private final String model;
    private final String version;
    private final FeatureBins bins;
    private final double[][] expected;
    private final SlidingHistograms window;
    private final DriftSettings settings;
    private final Clock clock;
    private final AtomicLong observed = new AtomicLong();
    private final boolean[] above;

    /** @param card a card with training distributions */
    public VersionDrift(ModelCard card, DriftSettings settings, Clock clock) {
        this.model = card.name();
        this.version = card.version();
        this.bins = FeatureBins.of(card);
        this.settings = settings;
        this.clock = clock;
        this.expected = new double[bins.size()][];
        for (int v = 0; v < expected.length; v++) {
            expected[v] = bins.distributions().get(v).shareArray();
        }
        this.window = new SlidingHistograms(bins.binCounts(), settings.window(), settings.maxAge());
        this.above = new boolean[bins.size()];
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }

    /** The variables, features first, {@code score} last. */
    public List<String> names() {
        return bins.names();
    }

    /** Adds one scored application (a score without a value is ignored). */
    public void observe(ScoreSummary score) {
        if (score.value() == null) {
            return;
        }
        int[] slot = new int[bins.size()];
        bins.binsOf(EncodedColumns.of(score.encodedFeatures() == null ? java.util.Map.of() : score.encodedFeatures()),
                score.value(), slot);
        window.add(slot, clock.millis());
        if (observed.incrementAndGet() % settings.checkEvery() == 0) {
            checkCrossings();
        }
    }

    /** Scored applications in the window now. */
    public int applications() {
        return window.size(clock.millis());
    }

    /** Variable {@code v}'s PSI now; NaN with fewer than {@link DriftSettings#minApplications()} in the window. */
    public double psi(int v) {
        long now = clock.millis();
        if (window.size(now) < settings.minApplications()) {
            return Double.NaN;
        }
        return Psi.of(expected[v], window.counts(v, now));
    }

    /** Every variable's bins, shares and PSI now. */
    public VersionSnapshot snapshot() {
        long now = clock.millis();
        long[][] counts = window.counts(now);
        int size = window.size(now);
        List<VariableDrift> variables = new ArrayList<>(counts.length);
        for (int v = 0; v < counts.length; v++) {
            Distribution d = bins.distributions().get(v);
            List<String> labels = new ArrayList<>(d.bins());
            List<Double> live = new ArrayList<>(d.bins());
            double[] shares = Psi.shares(counts[v]);
            long total = 0;
            for (int b = 0; b < d.bins(); b++) {
                labels.add(d.label(b));
                live.add(shares[b]);
                total += counts[v][b];
            }
            double psi = size < settings.minApplications() ? Double.NaN : Psi.of(expected[v], counts[v]);
            variables.add(new VariableDrift(bins.names().get(v), labels, d.shares(), live, total, psi));
        }
        return new VersionSnapshot(model, version, size, variables);
    }

    /** Logs each variable whose PSI crossed the threshold since the last check. */
    void checkCrossings() {
        VersionSnapshot now = snapshot();
        List<String> warnings = new ArrayList<>();
        List<String> recoveries = new ArrayList<>();
        synchronized (above) {
            for (int v = 0; v < above.length; v++) {
                double psi = now.variables().get(v).psi();
                if (Double.isNaN(psi)) {
                    continue;
                }
                boolean high = psi > settings.warnAbove();
                if (high != above[v]) {
                    above[v] = high;
                    (high ? warnings : recoveries).add(String.format(Locale.ROOT, "%s %.4f", names().get(v), psi));
                }
            }
        }
        for (String w : warnings) {
            LOG.warn("drift: {}@{} PSI of {} over the last {} applications, above {} (the training distribution"
                    + " in the card; /audit/monitoring)", model, version, w, now.applications(), settings.warnAbove());
        }
        for (String r : recoveries) {
            LOG.info("drift: {}@{} PSI of {} over the last {} applications, back at or below {}", model, version, r,
                    now.applications(), settings.warnAbove());
        }
    }
}
