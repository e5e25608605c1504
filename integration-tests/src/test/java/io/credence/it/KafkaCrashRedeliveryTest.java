package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka delivery across a crash. A real KRaft broker runs in this JVM; the service runs as
 * {@code java -jar credence-service.jar serve} in a child JVM with an H2 file audit store. The child
 * is killed (SIGKILL) part-way through the applications topic, and a new child on the same store
 * and consumer group finishes it.
 *
 * <p>Needs the service jar ({@code mvn -B -o -pl rules -am package -DskipTests}); the pom passes its
 * path as {@code credence.service.jar}. Without a current jar the test is skipped.
 */
class KafkaCrashRedeliveryTest {

    static final int APPLICATIONS = 200;
    static final String GROUP = "credence-crash-test";
    /** Longest one phase may take (a child JVM starting and deciding); a bound, not a timing check. */
    static final Duration WAIT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    KafkaClusterTestKit cluster;
    Process child;
    String childName;

    @BeforeEach
    void startBroker() throws Exception {
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
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("applications", 1, (short) 1), new NewTopic("decisions", 1, (short) 1),
                    new NewTopic("errors", 1, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void afterTheConsumingJvmIsKilledEveryApplicationIsRecordedOnceAndAllItsDecisionMessagesShareOneDecisionId()
            throws Exception {
        Path jar = serviceJar();
        String auditUrl = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            ObjectNode application = (ObjectNode) JSON.readTree(Files.readString(
                    Path.of("..", "docs", "examples", "approve.json"), StandardCharsets.UTF_8));
            for (int i = 0; i < APPLICATIONS; i++) {
                String id = String.format("KC-%04d", i);
                ids.add(id);
                application.put("applicationId", id);
                producer.send(new ProducerRecord<>("applications", id, JSON.writeValueAsString(application)));
            }
            producer.flush();
        }

        Map<String, List<JsonNode>> decisions = new LinkedHashMap<>();
        Set<String> decidedBeforeKill;
        try (KafkaConsumer<String, String> reader = reader()) {
            child = serve(jar, auditUrl, "first");
            readUntil(reader, decisions, () -> decisions.size() >= 20, "the first child's first 20 decisions");
            child.destroyForcibly().waitFor();
            decidedBeforeKill = new HashSet<>(decisions.keySet());
            long committedAtKill = committed();
            assertTrue(committedAtKill < APPLICATIONS, "the kill came after every offset was committed ("
                    + committedAtKill + "); nothing was left to deliver again");

            child = serve(jar, auditUrl, "second");
            readUntil(reader, decisions, () -> decisions.size() == APPLICATIONS, "a decision for every application");
            readUntil(reader, decisions, () -> committed() == APPLICATIONS, "every offset committed");
            // A graceful stop, so the audit store is closed before this JVM opens it.
            child.destroy();
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), log("second"));

            // What the first child decided and had not committed was read again and answered from its record.
            for (String id : decidedBeforeKill) {
                if (ids.indexOf(id) >= committedAtKill) {
                    assertTrue(decisions.get(id).stream().anyMatch(d -> d.path("replayed").asBoolean()),
                            id + " was decided before the kill, uncommitted, and not republished: " + decisions.get(id));
                }
            }
        }

        assertEquals(0, size("errors"));
        try (AuditLog audit = JdbcAuditLog.open(auditUrl, "sa", "")) {
            List<AuditRecord> records = audit.search(new AuditQuery(null, null, null, null, null, null, 1000));
            Map<String, List<AuditRecord>> byApplication = records.stream()
                    .collect(Collectors.groupingBy(r -> r.entry().applicationId()));
            assertEquals(Set.copyOf(ids), byApplication.keySet());
            for (String id : ids) {
                assertEquals(1, byApplication.get(id).size(), id + " has more than one audit record");
                String decisionId = byApplication.get(id).get(0).entry().decisionId();
                Set<String> published = decisions.get(id).stream().map(d -> d.path("decisionId").asText())
                        .collect(Collectors.toSet());
                assertEquals(Set.of(decisionId), published, id + ": every decision message carries the recorded id");
            }
        }
    }

    /** The service jar, or the test is skipped when it is missing or older than the classes it should contain. */
    static Path serviceJar() throws URISyntaxException, IOException {
        String property = System.getProperty("credence.service.jar", "../rules/target/credence-service.jar");
        Path jar = Path.of(property).toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(jar), jar + " is missing: build it with"
                + " mvn -B -o -pl rules -am package -DskipTests (skipping the Kafka crash test)");
        Path classes = Path.of(io.credence.rules.service.routes.KafkaRoutes.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        if (Files.isDirectory(classes)) {
            Path routes = classes.resolve("io/credence/rules/service/routes/KafkaRoutes.class");
            assumeTrue(Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(routes)) >= 0,
                    jar + " is older than " + routes + ": rebuild it with mvn -B -o -pl rules -am package -DskipTests"
                            + " (skipping the Kafka crash test)");
        }
        return jar;
    }

    Process serve(Path jar, String auditUrl, String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
                // a short-lived child: start fast (C1 only), small GC
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(RunningService.freePort()),
                "--audit-db", auditUrl, "--execution-provider", "cpu"));
        Map<String, String> kafka = new LinkedHashMap<>();
        kafka.put("credence.kafka.enabled", "true");
        kafka.put("credence.kafka.brokers", cluster.bootstrapServers());
        kafka.put("credence.kafka.applications-topic", "applications");
        kafka.put("credence.kafka.decisions-topic", "decisions");
        kafka.put("credence.kafka.errors-topic", "errors");
        kafka.put("credence.kafka.group-id", GROUP);
        kafka.put("credence.kafka.retry-backoff", "100ms");
        kafka.put("credence.kafka.retry-backoff-max", "1s");
        kafka.forEach((k, v) -> command.add("-D" + k + "=" + v));
        childName = name;
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    String log(String name) throws IOException {
        String text = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    KafkaConsumer<String, String> reader() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        TopicPartition decisions = new TopicPartition("decisions", 0);
        consumer.assign(List.of(decisions));
        consumer.seekToBeginning(List.of(decisions));
        return consumer;
    }

    /** Collects decision messages by key until {@code done}; fails naming {@code what} and the child's log after a while. */
    void readUntil(KafkaConsumer<String, String> reader, Map<String, List<JsonNode>> decisions, BooleanSupplier done,
                   String what) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline || !child.isAlive()) {
                fail("gave up waiting for " + what + " (" + decisions.size() + " applications decided, child "
                        + (child.isAlive() ? "running" : "exited " + child.exitValue()) + "):\n"
                        + log(childName));
            }
            for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                decisions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
            }
        }
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    long committed() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition("applications", 0));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + GROUP, e);
        }
    }

    long size(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }
}
