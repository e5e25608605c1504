package io.credence.rules.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * camel-kafka's client factory with one addition: every consumer it makes is watched by the gauge
 * {@code credence_kafka_consumer_lag_records}, the records the service's consumers have yet to read,
 * summed over their assigned partitions (the Kafka client's own {@code records-lag} of each partition,
 * {@code consumer-fetch-manager-metrics}, once per partition). A consumer that was closed (a route stopped, a reconnect)
 * counts no more. Set on the service's Kafka component, so it applies to every Kafka consumer of the
 * service's Camel context, the integrator's routes included.
 *
 * <pre>{@code
 * camel.getComponent("kafka", KafkaComponent.class).setKafkaClientFactory(metrics.kafkaLag());
 * }</pre>
 */
public final class KafkaLag extends DefaultKafkaClientFactory {

    static final String LAG = "credence.kafka.consumer.lag";
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String RECORDS_LAG = "records-lag";

    /** Held weakly: a consumer Camel dropped is not kept alive by its metrics. */
    private final Set<Consumer<?, ?>> consumers = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    KafkaLag(MeterRegistry registry) {
        Gauge.builder(LAG, this, KafkaLag::lag).baseUnit("records")
                .description("Records the service's Kafka consumers have yet to read, summed over their partitions")
                .register(registry);
    }

    @Override
    public Consumer getConsumer(Properties properties) {
        Consumer<?, ?> consumer = super.getConsumer(properties);
        consumers.add(consumer);
        return consumer;
    }

    /** The sum of {@code records-lag} over the partitions of every live consumer; 0 without any. */
    double lag() {
        double total = 0;
        synchronized (consumers) {
            for (var it = consumers.iterator(); it.hasNext(); ) {
                try {
                    total += lag(it.next().metrics());
                } catch (IllegalStateException closed) {
                    it.remove();   // a closed consumer may refuse to answer: it has no lag to report
                }
            }
        }
        return total;
    }

    static double lag(Map<MetricName, ? extends Metric> metrics) {
        // The client reports a partition whose topic name has dots twice: under the name and, deprecated,
        // with the dots as underscores. One value per client, topic and partition.
        Map<String, Double> partitions = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            if (RECORDS_LAG.equals(name.name()) && GROUP.equals(name.group()) && tags.containsKey("partition")
                    && e.getValue().metricValue() instanceof Double value && !value.isNaN() && !value.isInfinite()) {
                String topic = String.valueOf(tags.get("topic")).replace('.', '_');
                partitions.put(tags.get("client-id") + "/" + topic + "/" + tags.get("partition"), value);
            }
        }
        return partitions.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
