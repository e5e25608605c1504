package io.credence.rules.service.routes;

import static io.credence.rules.service.routes.TestKafka.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.TestKafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Kafka channel against a real single-node KRaft broker in this JVM. */
class KafkaRoutesTest {

    @TempDir
    static Path models;
    static ModelRegistry registry;
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    CamelContext camel;

    @BeforeAll
    static void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterAll
    static void stopServing() {
        ServiceFixture.stopServing(registry);
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        return ServiceFixture.READER.mapper().readTree(record.value());
    }

    @Test
    void decisionsGoToTheDecisionsTopicAndBadApplicationsToTheErrorsTopic() throws Exception {
        Topics t = TestKafka.topics("routes");
        camel = TestKafka.start(ServiceFixture.service(audit), TestKafka.settings(t, "credence-test"));
        TestKafka.send(t.applications(), List.of(message("k1", ServiceFixture.application("K-1", 0.10)),
                message("k2", "{\"applicationId\": \"K-2\", \"termMonths\": NaN}"),
                message("k3", ServiceFixture.application("K-3", 0.90))));

        List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 2);
        List<ConsumerRecord<String, String>> errors = TestKafka.read(t.errors(), 1);

        assertEquals(2, decisions.size());
        assertEquals("K-1", decisions.get(0).key());
        assertEquals("APPROVE", json(decisions.get(0)).get("decision").asString());
        assertEquals("DECLINE", json(decisions.get(1)).get("decision").asString());
        assertEquals(1, errors.size());
        JsonNode error = json(errors.get(0));
        assertEquals("k2", errors.get(0).key());
        assertEquals("$", error.get("violations").get(0).get("field").asString());
        assertEquals(t.applications(), error.get("source").get("topic").asString());
        assertEquals(1, error.get("source").get("offset").asLong());
        assertTrue(error.has("decisionId"));
        assertEquals(List.of(AuditEntry.Status.DECIDED, AuditEntry.Status.REJECTED, AuditEntry.Status.DECIDED),
                audit.entries().stream().map(AuditEntry::status).toList());
        assertTrue(audit.entries().stream().allMatch(e -> e.channel().equals("kafka")));
        assertEquals(audit.entries().get(0).decisionId(), new String(decisions.get(0).headers()
                .lastHeader(ServiceHeaders.DECISION_ID).value(), StandardCharsets.UTF_8));
    }

    @Test
    void commitsTheOffsetOfEveryMessageItAnswered() throws Exception {
        Topics t = TestKafka.topics("commits");
        camel = TestKafka.start(ServiceFixture.service(audit), TestKafka.settings(t, "commits"));
        TestKafka.send(t.applications(), List.of(message("c1", ServiceFixture.application("C-1", 0.1)),
                message("c2", "not json"), message("c3", ServiceFixture.application("C-3", 0.1))));

        TestKafka.await("offset 3 committed", () -> TestKafka.committed("commits", t.applications()) == 3);

        assertEquals(2, TestKafka.size(t.decisions()));
        assertEquals(1, TestKafka.size(t.errors()));
        assertEquals(3, audit.entries().size());
    }

    @Test
    void aMessageBadByItselfGoesToTheErrorsTopicWithItsReasonAndTheNextOneIsDecided() throws Exception {
        Topics t = TestKafka.topics("poison");
        KafkaSettings settings = TestKafka.settings(t, "poison");
        camel = TestKafka.start(ServiceFixture.service(audit), settings);
        String withNul = ServiceFixture.application("P-1", 0.1).replace("\"P-1\"", "\"P-\u0000-1\"");
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        String oversized = ServiceFixture.application("P-4", 0.1) + " ".repeat(settings.maxMessageBytes());
        TestKafka.send(t.applications(), List.of(message("p1", withNul), Map.entry("p2", notUtf8),
                message("p3", "{\"applicationId\": \"P-3\", "), message("p4", oversized),
                message("p5", ServiceFixture.application("P-5", 0.1))));

        List<ConsumerRecord<String, String>> errors = TestKafka.read(t.errors(), 4);
        List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 1);

        assertEquals(List.of("p1", "p2", "p3", "p4"), errors.stream().map(ConsumerRecord::key).toList());
        List<String> expected = errors.stream().map(r -> json(r).get("violations").get(0).get("expected").asString()).toList();
        assertEquals("text without NUL (U+0000) characters", expected.get(0));
        assertEquals("UTF-8 text", expected.get(1));
        assertEquals("a message of at most 4096 bytes", expected.get(3));
        assertEquals("8 bytes, not UTF-8 at byte 5", json(errors.get(1)).get("violations").get(0).get("value").asString());
        for (int i = 0; i < 4; i++) {
            JsonNode source = json(errors.get(i)).get("source");
            assertEquals(t.applications(), source.get("topic").asString());
            assertEquals(0, source.get("partition").asInt());
            assertEquals(i, source.get("offset").asLong());
        }
        assertEquals(1, decisions.size());
        assertEquals("P-5", decisions.get(0).key());
        List<AuditEntry> entries = audit.entries();
        assertEquals(List.of(AuditEntry.Status.REJECTED, AuditEntry.Status.REJECTED, AuditEntry.Status.REJECTED,
                AuditEntry.Status.REJECTED, AuditEntry.Status.DECIDED), entries.stream().map(AuditEntry::status).toList());
        // What the audit log cannot hold as text is not kept; the source coordinates say where it is.
        assertNull(entries.get(0).rawInput());
        assertNull(entries.get(1).rawInput());
        assertNull(entries.get(3).rawInput());
        assertEquals("{\"applicationId\": \"P-3\", ", entries.get(2).rawInput());
        TestKafka.await("offset 5 committed", () -> TestKafka.committed("poison", t.applications()) == 5);
    }

    @Test
    void aNulCharacterDoesNotBlockThePartitionWithAPostgresAuditLog() throws Exception {
        String url = System.getenv("CREDENCE_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(), "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL Kafka test");
        Topics t = TestKafka.topics("poison-pg");
        String id = "PG-" + UUID.randomUUID().toString().substring(0, 8);
        try (AuditLog pg = JdbcAuditLog.open(url, "credence", "credence")) {
            camel = TestKafka.start(ServiceFixture.service(pg), TestKafka.settings(t, "poison-pg"));
            // Raw NUL characters in the value: PostgreSQL text cannot store them.
            TestKafka.send(t.applications(), List.of(message("n1", "{\"applicationId\": \"" + id + "-\u0000\"}\u0000"),
                    message(id, ServiceFixture.application(id, 0.1))));

            List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 1);
            List<ConsumerRecord<String, String>> errors = TestKafka.read(t.errors(), 1);

            assertEquals(List.of(id), decisions.stream().map(ConsumerRecord::key).toList());
            assertEquals(1, errors.size());
            AuditRecord rejection = pg.find(json(errors.get(0)).get("decisionId").asString()).orElseThrow();
            assertEquals(AuditEntry.Status.REJECTED, rejection.entry().status());
            assertEquals(1, pg.search(AuditQuery.forApplication(id)).size());
            camel.stop();
        }
    }
}
