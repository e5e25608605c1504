package io.credence.rules.service.metrics;

import io.credence.rules.drift.DriftMonitor;
import io.credence.rules.drift.VersionDrift;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of the drift monitor, registered for each model version it watches:
 * {@code credence_drift_psi{model, version, variable}} (the population stability index of a
 * feature, or of {@code score}, over the window against the card's training distribution; NaN
 * below {@code credence.drift.min-applications}) and {@code credence_drift_window_applications{model,
 * version}} (scored applications in the window). Read at scrape time; deciding pays nothing for them.
 *
 * <pre>{@code
 * metrics.drift(monitor);
 * }</pre>
 */
final class DriftMeters {

    static final String PSI = "credence.drift.psi";
    static final String WINDOW = "credence.drift.window.applications";

    private DriftMeters() {
    }

    static void bind(MeterRegistry registry, DriftMonitor monitor) {
        monitor.onTracking(drift -> register(registry, drift));
    }

    private static void register(MeterRegistry registry, VersionDrift drift) {
        for (int v = 0; v < drift.names().size(); v++) {
            int variable = v;
            Gauge.builder(PSI, drift, d -> d.psi(variable)).strongReference(true)
                    .description("Population stability index of a feature or the score over the drift window,"
                            + " against the model card's training distribution")
                    .tag("model", drift.model()).tag("version", drift.version()).tag("variable", drift.names().get(v))
                    .register(registry);
        }
        Gauge.builder(WINDOW, drift, VersionDrift::applications).strongReference(true)
                .description("Scored applications in the drift window").baseUnit("applications")
                .tag("model", drift.model()).tag("version", drift.version()).register(registry);
    }
}
