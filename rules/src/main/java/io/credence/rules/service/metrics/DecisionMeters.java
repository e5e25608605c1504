package io.credence.rules.service.metrics;

import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionEvents;
import io.credence.rules.service.ServiceOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Meters of answered applications, fed by {@link io.credence.rules.service.DecisionService}:
 * {@code credence_decisions_total{channel, outcome}} (outcome {@code approve}, {@code refer},
 * {@code decline}, {@code rejected}, {@code failed} or {@code replayed}),
 * {@code credence_decision_duration_seconds{channel}} (a histogram),
 * {@code credence_model_score_percent{model, version}} (the probability of default of each decided
 * application in percent, buckets of 5: Micrometer buckets a summary's values by rounding them up to
 * whole numbers, so a probability in [0, 1] is recorded scaled by 100) and {@code credence_rejected_inputs_total{channel, reason}}.
 *
 * <pre>{@code
 * DecisionService counted = service.reportingTo(metrics.decisions());
 * }</pre>
 */
public final class DecisionMeters implements DecisionEvents {

    static final String DECISIONS = "credence.decisions";
    static final String DURATION = "credence.decision.duration";
    static final String SCORE = "credence.model.score";
    static final String REJECTED = "credence.rejected.inputs";

    private static final double[] SCORE_BUCKETS = new double[20];

    static {
        for (int i = 0; i < SCORE_BUCKETS.length; i++) {
            SCORE_BUCKETS[i] = (i + 1) * 5.0;
        }
    }

    private final MeterRegistry registry;
    private final RejectionReasons reasons;

    DecisionMeters(MeterRegistry registry, RejectionReasons reasons) {
        this.registry = registry;
        this.reasons = reasons;
    }

    @Override
    public void answered(Channel channel, ServiceOutcome outcome, long nanos) {
        String via = channel.auditName();
        Counter.builder(DECISIONS).description("Applications answered, by channel and outcome")
                .tag("channel", via).tag("outcome", outcome(outcome)).register(registry).increment();
        Timer.builder(DURATION).description("From an application reaching the decision service to its durable answer")
                .tag("channel", via).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (outcome instanceof ServiceOutcome.Decided decided) {
            for (ScoreSummary score : decided.result().scores()) {
                if (score.value() != null) {
                    DistributionSummary.builder(SCORE).baseUnit("percent").scale(100)
                            .description("Model scores (probability of default, in percent) of decided applications")
                            .tag("model", score.model()).tag("version", String.valueOf(score.version()))
                            .tag("role", score.role() == null ? "champion" : score.role())
                            .serviceLevelObjectives(SCORE_BUCKETS).register(registry).record(score.value());
                }
            }
        } else if (outcome instanceof ServiceOutcome.Rejected rejected) {
            Counter.builder(REJECTED).description("Inputs rejected, by channel and the top-level field of the first violation")
                    .tag("channel", via).tag("reason", reasons.of(rejected.violations())).register(registry).increment();
        }
    }

    /** The outcome tag. */
    static String outcome(ServiceOutcome outcome) {
        if (outcome instanceof ServiceOutcome.Decided d) {
            return d.result().outcome().name().toLowerCase(Locale.ROOT);
        }
        if (outcome instanceof ServiceOutcome.Rejected) {
            return "rejected";
        }
        return outcome instanceof ServiceOutcome.Failed ? "failed" : "replayed";
    }
}
