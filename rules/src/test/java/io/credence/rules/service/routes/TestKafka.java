package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.fail;

import io.credence.rules.service.DecisionService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft broker for every Kafka test in this JVM (started on first use, closed
 * when the JVM ends), and the few things the tests do with it. Each test makes its own topics and
 * consumer group, so tests do not see each other's messages.
 */
final class TestKafka {

    /** Longest any wait for the broker or the service lasts; a bound, not a timing check. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    /** The three topics of one test, one partition each (so order is the order sent). */
    record Topics(String applications, String decisions, String errors) {
    }

    static synchronized String brokers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        kit.close();
                    } catch (Exception e) {
                        // the JVM is ending anyway
                    }
                }, "test-kafka-close"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker", e);
            }
        }
        return cluster.bootstrapServers();
    }

    static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", brokers()));
    }

    /** New topics named after the test; {@code decisionsConfig} configures the decisions topic. */
    static Topics topics(String test, Map<String, String> decisionsConfig) {
        String prefix = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        Topics t = new Topics(prefix + ".applications", prefix + ".decisions", prefix + ".errors");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(t.applications(), 1, (short) 1),
                    new NewTopic(t.decisions(), 1, (short) 1).configs(decisionsConfig),
                    new NewTopic(t.errors(), 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics of " + test, e);
        }
        return t;
    }

    static Topics topics(String test) {
        return topics(test, Map.of());
    }

    /** Settings with short pauses, so a test that makes the service wait does not wait long. */
    static KafkaSettings settings(Topics t, String group) {
        return new KafkaSettings(brokers(), t.applications(), t.decisions(), t.errors(), group, 4096,
                Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(10));
    }

    /** A started CamelContext with the Kafka route. */
    static CamelContext start(DecisionService service, KafkaSettings settings) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new KafkaRoutes(new KafkaMessages(service, settings.decisionsTopic(), settings.errorsTopic(),
                settings.maxMessageBytes()), settings));
        camel.start();
        return camel;
    }

    /** Sends and waits until the broker acknowledged each message. */
    static void send(String topic, List<Map.Entry<String, byte[]>> messages) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> m : messages) {
                producer.send(new ProducerRecord<>(topic, m.getKey(), m.getValue())).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    static Map.Entry<String, byte[]> message(String key, String value) {
        return Map.entry(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads from the start until {@code count} records arrived (or the wait ran out). */
    static List<ConsumerRecord<String, String>> read(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** How many records the topic holds (its end offset; one partition). */
    static long size(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + topic, e);
        }
    }

    /** The offset {@code group} committed on the topic's partition; 0 when it committed none. */
    static long committed(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /** Waits until {@code condition} holds; fails naming {@code what} when the wait runs out. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting (" + WAIT + ") for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
