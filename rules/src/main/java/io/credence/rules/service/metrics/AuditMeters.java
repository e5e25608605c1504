package io.credence.rules.service.metrics;

import io.credence.rules.audit.AuditEntryRefusedException;
import io.credence.rules.audit.AuditEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the audit log, fed by {@link io.credence.rules.audit.JdbcAuditLog}'s {@link AuditEvents}:
 * {@code credence_audit_append_duration_seconds} (a histogram of appends that returned a durable record),
 * {@code credence_audit_failures_total{kind}} ({@code refused}: the store refused the entry;
 * {@code unavailable}: the store could not make it durable) and
 * {@code credence_audit_group_commit_records} (records per committed transaction, buckets 1, 2, 4, ..., 512).
 *
 * <pre>{@code
 * jdbcAuditLog.events(metrics.audit());
 * }</pre>
 */
public final class AuditMeters implements AuditEvents {

    static final String APPEND = "credence.audit.append.duration";
    static final String FAILURES = "credence.audit.failures";
    static final String GROUP_COMMIT = "credence.audit.group.commit";

    private static final double[] COMMIT_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    private final Timer append;
    private final DistributionSummary commits;
    private final Counter refused;
    private final Counter unavailable;

    AuditMeters(MeterRegistry registry) {
        this.append = Timer.builder(APPEND).description("From an append to its durable record (group commit and sync included)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        this.commits = DistributionSummary.builder(GROUP_COMMIT).baseUnit("records")
                .description("Records per audit transaction (group commit)").serviceLevelObjectives(COMMIT_BUCKETS)
                .register(registry);
        this.refused = failures(registry, "refused");
        this.unavailable = failures(registry, "unavailable");
    }

    private static Counter failures(MeterRegistry registry, String kind) {
        return Counter.builder(FAILURES).description("Appends that failed: the entry refused, or the store unavailable")
                .tag("kind", kind).register(registry);
    }

    @Override
    public void appended(long nanos) {
        append.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void appendFailed(long nanos, RuntimeException failure) {
        (failure instanceof AuditEntryRefusedException ? refused : unavailable).increment();
    }

    @Override
    public void committed(int records) {
        commits.record(records);
    }
}
