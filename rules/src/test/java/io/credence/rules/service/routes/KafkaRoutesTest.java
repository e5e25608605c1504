package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Kafka channel against a real single-node KRaft broker in this JVM. */
class KafkaRoutesTest {

    static final String APPLICATIONS = "credence.applications";
    static final String DECISIONS = "credence.decisions";
    static final String ERRORS = "credence.decision-errors";

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static KafkaClusterTestKit cluster;
    static CamelContext camel;
    static final InMemoryAuditLog AUDIT = new InMemoryAuditLog();

    @BeforeAll
    static void start() throws Exception {
        registry = ServiceFixture.serveCreditDefault(models);
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (var admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(APPLICATIONS, 1, (short) 1), new NewTopic(DECISIONS, 1, (short) 1),
                    new NewTopic(ERRORS, 1, (short) 1))).all().get();
        }
        camel = new DefaultCamelContext();
        camel.addRoutes(new KafkaRoutes(new KafkaMessages(ServiceFixture.service(AUDIT), DECISIONS, ERRORS),
                cluster.bootstrapServers(), APPLICATIONS, DECISIONS, ERRORS, "credence-test"));
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        ServiceFixture.stopServing(registry);
    }

    /** Reads until {@code count} records arrived or 30 s passed; a bounded wait, not a timing check. */
    static List<ConsumerRecord<String, String>> read(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void decisionsGoToTheDecisionsTopicAndBadApplicationsToTheErrorsTopic() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(APPLICATIONS, "k1", ServiceFixture.application("K-1", 0.10))).get();
            producer.send(new ProducerRecord<>(APPLICATIONS, "k2", "{\"applicationId\": \"K-2\", \"termMonths\": NaN}")).get();
            producer.send(new ProducerRecord<>(APPLICATIONS, "k3", ServiceFixture.application("K-3", 0.90))).get();
        }

        List<ConsumerRecord<String, String>> decisions = read(DECISIONS, 2);
        List<ConsumerRecord<String, String>> errors = read(ERRORS, 1);

        assertEquals(2, decisions.size());
        JsonNode first = ServiceFixture.READER.mapper().readTree(decisions.get(0).value());
        assertEquals("K-1", decisions.get(0).key());
        assertEquals("APPROVE", first.get("decision").asString());
        assertEquals("DECLINE", ServiceFixture.READER.mapper().readTree(decisions.get(1).value()).get("decision").asString());
        assertEquals(1, errors.size());
        JsonNode error = ServiceFixture.READER.mapper().readTree(errors.get(0).value());
        assertEquals("k2", errors.get(0).key());
        assertEquals("$", error.get("violations").get(0).get("field").asString());
        assertEquals(APPLICATIONS, error.get("source").get("topic").asString());
        assertEquals(1, error.get("source").get("offset").asLong());
        assertTrue(error.has("decisionId"));
        assertEquals(List.of(AuditEntry.Status.DECIDED, AuditEntry.Status.REJECTED, AuditEntry.Status.DECIDED),
                AUDIT.entries().stream().map(AuditEntry::status).toList());
        assertTrue(AUDIT.entries().stream().allMatch(e -> e.channel().equals("kafka")));
    }
}
