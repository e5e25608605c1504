package io.credence.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * {@code kafka-kill}: a real KRaft broker in the harness JVM, the service consuming the
 * applications topic in a JVM of its own; {@code kill -9} after a third of the decisions were
 * published, a new service on the same store and consumer group finishes the topic. Lost: an
 * application without a record or without a decision message; duplicates: records beyond one per
 * application plus applications whose decision messages carry more than one decision id.
 */
public final class KafkaKillScenario implements ChaosScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PHASE = Duration.ofMinutes(3);

    @Override
    public String name() {
        return "kafka-kill";
    }

    @Override
    public ScenarioReport run(Context context) throws Exception {
        Path dir = context.work().resolve("kafka-kill-" + System.nanoTime());
        Files.createDirectories(dir);
        String store = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        List<Workload.Application> apps = Workload.german("KK", context.applications());
        try (KafkaClusterTestKit cluster = broker()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("applications", 1, (short) 1),
                        new NewTopic("decisions", 1, (short) 1), new NewTopic("errors", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (Workload.Application app : apps) {
                    producer.send(new ProducerRecord<>("applications", app.id(), app.json()));
                }
                producer.flush();
            }
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("credence.audit.db", store);
            settings.put("credence.kafka.enabled", "true");
            settings.put("credence.kafka.brokers", cluster.bootstrapServers());
            settings.put("credence.kafka.applications-topic", "applications");
            settings.put("credence.kafka.decisions-topic", "decisions");
            settings.put("credence.kafka.errors-topic", "errors");
            settings.put("credence.kafka.group-id", "chaos");
            Map<String, Set<String>> decisionIds = new HashMap<>();
            long gapMs;
            try (KafkaConsumer<String, String> reader = reader(cluster, "decisions")) {
                ServiceProcess first = ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("first.log"));
                read(reader, decisionIds, apps.size() / 3);
                first.kill();
                long killed = System.nanoTime();
                ServiceProcess second = ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("second.log"));
                int before = decisionIds.size();
                read(reader, decisionIds, before + 1);
                gapMs = (System.nanoTime() - killed) / 1_000_000;
                read(reader, decisionIds, apps.size());
                second.terminate(Duration.ofSeconds(30));
            }
            long errors;
            try (KafkaConsumer<String, String> reader = reader(cluster, "errors")) {
                errors = reader.poll(Duration.ofSeconds(2)).count();
            }
            AuditCount audit = AuditCount.of(store, "sa", "");
            long lost = apps.stream().filter(a -> audit.perApplication().getOrDefault(a.id(), 0) == 0
                    || !decisionIds.containsKey(a.id())).count();
            long splitIds = decisionIds.values().stream().filter(ids -> ids.size() > 1).count();
            return new ScenarioReport(name(), apps.size(), decisionIds.size(), audit.records(),
                    audit.duplicates() + splitIds, lost, gapMs, -1, -1, audit.chain().intact(),
                    "killed after " + apps.size() / 3 + " decisions; " + errors + " error messages");
        }
    }

    private static KafkaClusterTestKit broker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
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
        return cluster;
    }

    private static KafkaConsumer<String, String> reader(KafkaClusterTestKit cluster, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringDeserializer(), new StringDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }

    /** Decision messages by application id until {@code atLeast} applications have one, or the phase is over. */
    private static void read(KafkaConsumer<String, String> reader, Map<String, Set<String>> ids, int atLeast)
            throws Exception {
        long deadline = System.nanoTime() + PHASE.toNanos();
        while (ids.size() < atLeast && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                JsonNode d = JSON.readTree(r.value());
                ids.computeIfAbsent(r.key(), k -> new HashSet<>()).add(d.path("decisionId").asText());
            }
        }
    }
}
