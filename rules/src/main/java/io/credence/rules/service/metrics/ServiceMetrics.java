package io.credence.rules.service.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.credence.rules.service.input.ApplicationSchema;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics of one service instance: its own Prometheus registry (never Micrometer's global one, so
 * two services in one JVM count apart), and the binders that turn the service's plain events into
 * meters. The text {@link #scrape()} gives is what {@code GET /metrics} answers.
 *
 * <pre>{@code
 * ServiceMetrics metrics = new ServiceMetrics(ServiceMetrics.schemaFields(ApplicationSchema.load()));
 * DecisionService counted = service.reportingTo(metrics.decisions());
 * models.events(metrics.models());
 * jdbcAuditLog.events(metrics.audit());
 * String text = metrics.scrape();      // Prometheus text format 0.0.4
 * }</pre>
 */
public final class ServiceMetrics {

    /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DecisionMeters decisions;
    private final ModelMeters models;
    private final AuditMeters audit;

    /**
     * @param knownFields the input's top-level field names a rejection may be tagged with
     *                    ({@link RejectionReasons}); any other field counts as {@code other}
     */
    public ServiceMetrics(Set<String> knownFields) {
        this.decisions = new DecisionMeters(registry, new RejectionReasons(knownFields));
        this.models = new ModelMeters(registry);
        this.audit = new AuditMeters(registry);
    }

    /** The top-level field names the application schema declares ({@code properties}). */
    public static Set<String> schemaFields(ApplicationSchema schema) {
        JsonNode properties = JsonMapper.builder().build().readTree(schema.text()).path("properties");
        return Set.copyOf(new TreeSet<>(properties.propertyNames()));
    }

    /** The registry, e.g. to add meters of one's own. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Decisions by channel and outcome, their latency, model scores and rejected inputs. */
    public DecisionMeters decisions() {
        return decisions;
    }

    /** Micro-batch sizes and explanation time, per model version. */
    public ModelMeters models() {
        return models;
    }

    /** Audit append latency, failures and group-commit sizes. */
    public AuditMeters audit() {
        return audit;
    }

    /** Registers the drift monitor's gauges ({@code credence_drift_psi}) for every version it watches. */
    public void drift(io.credence.rules.drift.DriftMonitor monitor) {
        DriftMeters.bind(registry, monitor);
    }

    /** A Kafka client factory that lets this registry see the lag of every consumer it makes. */
    public KafkaLag kafkaLag() {
        return new KafkaLag(registry);
    }

    /** Every meter in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }
}
