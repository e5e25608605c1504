package io.credence.rules.service.metrics;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.runtime.ModelEvents;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the models' work, fed by the model registry's {@link ModelEvents}:
 * {@code credence_model_batch_rows{model, version}} (rows per ONNX Runtime call of a micro-batching
 * session, buckets 1, 2, 4, ..., 1024) and {@code credence_explanation_duration_seconds{model, version,
 * method, explained}} (a histogram).
 *
 * <pre>{@code
 * models.events(metrics.models());
 * }</pre>
 */
public final class ModelMeters implements ModelEvents {

    static final String BATCH = "credence.model.batch";
    static final String EXPLANATION = "credence.explanation.duration";

    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final MeterRegistry registry;

    ModelMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void batchScored(ModelCard card, int rows) {
        DistributionSummary.builder(BATCH).baseUnit("rows").description("Rows per ONNX Runtime call with micro-batching on")
                .tag("model", card.name()).tag("version", card.version())
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry).record(rows);
    }

    @Override
    public void explained(ModelCard card, String method, long nanos, boolean explained) {
        Timer.builder(EXPLANATION).description("Time to explain one score (reason codes)")
                .tag("model", card.name()).tag("version", card.version()).tag("method", method)
                .tag("explained", String.valueOf(explained)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
