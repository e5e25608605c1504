package io.credence.rules.service.routes;

import static io.credence.rules.service.routes.TestKafka.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.metrics.KafkaLag;
import io.credence.rules.service.metrics.ServiceMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The lag gauge of {@link KafkaLag} on a real broker: a consumer made by the factory that read 1 of 5
 * records shows a lag of 4 on {@code credence_kafka_consumer_lag_records}, and 0 once it read them all.
 */
class KafkaLagMetricsTest {

    @Test
    void theGaugeIsTheRecordsTheFactorysConsumersHaveYetToRead() throws Exception {
        TestKafka.Topics t = TestKafka.topics("lag");
        TestKafka.send(t.applications(), IntStream.range(0, 5).mapToObj(i -> message("k" + i, "{}")).toList());
        ServiceMetrics metrics = new ServiceMetrics(ServiceMetrics.schemaFields(ApplicationSchema.load()));
        KafkaLag factory = metrics.kafkaLag();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        assertEquals(0, lag(metrics), "no consumer yet");
        @SuppressWarnings("unchecked")
        Consumer<String, String> consumer = factory.getConsumer(p);
        try (consumer) {
            TopicPartition partition = new TopicPartition(t.applications(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            int read = 0;
            while (read == 0) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                read += records.count();
            }
            assertEquals(1, read);
            assertEquals(4, lag(metrics), metrics.scrape());
            assertTrue(metrics.scrape().contains("credence_kafka_consumer_lag_records 4.0"), metrics.scrape());
            while (read < 5) {
                read += consumer.poll(Duration.ofSeconds(1)).count();
            }
            assertEquals(0, lag(metrics), metrics.scrape());
        }
        assertEquals(0, lag(metrics), "a closed consumer counts no more");
    }

    static double lag(ServiceMetrics metrics) {
        return metrics.registry().get("credence.kafka.consumer.lag").gauge().value();
    }

}
