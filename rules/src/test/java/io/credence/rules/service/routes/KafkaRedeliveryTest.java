package io.credence.rules.service.routes;

import static io.credence.rules.service.routes.TestKafka.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.TestKafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A message read again (offsets reset, or never committed because publishing failed) is answered
 * from its audit record: the original decision id, no second record.
 */
class KafkaRedeliveryTest {

    @TempDir
    static Path models;
    static ModelRegistry registry;
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final DecisionService service = ServiceFixture.service(audit);
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

    static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRedeliveredApplicationIsRepublishedWithItsOriginalDecisionIdAndRecordedOnce() throws Exception {
        Topics t = TestKafka.topics("redelivery");
        TestKafka.send(t.applications(), List.of(message("r1", ServiceFixture.application("R-1", 0.1)),
                message("r2", ServiceFixture.application("R-2", 0.5)), message("r3", ServiceFixture.application("R-3", 0.9))));
        camel = TestKafka.start(service, TestKafka.settings(t, "redelivery"));
        TestKafka.await("3 offsets committed", () -> TestKafka.committed("redelivery", t.applications()) == 3);
        camel.stop();
        try (Admin admin = TestKafka.admin()) {
            admin.alterConsumerGroupOffsets("redelivery", Map.of(new TopicPartition(t.applications(), 0),
                    new OffsetAndMetadata(0))).all().get();
        }

        // A second service instance in the same group reads the three messages again.
        camel = TestKafka.start(service, TestKafka.settings(t, "redelivery"));
        List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 6);

        assertEquals(6, decisions.size());
        assertEquals(3, audit.entries().size());
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<String, String> first = decisions.get(i);
            ConsumerRecord<String, String> again = decisions.get(i + 3);
            String decisionId = audit.entries().get(i).decisionId();
            assertEquals(first.key(), again.key());
            assertEquals(decisionId, json(first).get("decisionId").asString());
            assertEquals(decisionId, json(again).get("decisionId").asString());
            assertEquals(decisionId, header(again, ServiceHeaders.DECISION_ID));
            assertEquals(json(first).get("decision"), json(again).get("decision"));
            assertFalse(json(first).has("replayed"));
            assertTrue(json(again).get("replayed").asBoolean());
            assertEquals("true", header(again, ServiceHeaders.IDEMPOTENT_REPLAYED));
        }
        TestKafka.await("3 offsets committed again", () -> TestKafka.committed("redelivery", t.applications()) == 3);
    }

    @Test
    void aDecisionTheBrokerRefusesIsNotCommittedAndIsRepublishedFromItsRecordOnceItIsAccepted() throws Exception {
        // The decisions topic refuses records over 200 bytes, so the decision cannot be published.
        Topics t = TestKafka.topics("refused", Map.of("max.message.bytes", "200"));
        camel = TestKafka.start(service, TestKafka.settings(t, "refused"));
        TestKafka.send(t.applications(), List.of(message("f1", ServiceFixture.application("F-1", 0.1))));

        TestKafka.await("the message read again after a refused publish", () -> audit.sameInputLookups() >= 2);
        assertEquals(0, TestKafka.committed("refused", t.applications()));
        assertEquals(0, TestKafka.size(t.decisions()));
        assertEquals(0, TestKafka.size(t.errors()));
        assertEquals(1, audit.entries().size());

        try (Admin admin = TestKafka.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, t.decisions());
            Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"),
                    AlterConfigOp.OpType.SET));
            admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get();
        }
        List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 1);

        assertEquals(1, decisions.size());
        String decisionId = audit.entries().get(0).decisionId();
        assertNotNull(decisionId);
        assertEquals(decisionId, json(decisions.get(0)).get("decisionId").asString());
        assertTrue(json(decisions.get(0)).get("replayed").asBoolean());
        assertEquals(List.of(AuditEntry.Status.DECIDED), audit.entries().stream().map(AuditEntry::status).toList());
        TestKafka.await("offset 1 committed", () -> TestKafka.committed("refused", t.applications()) == 1);
        assertEquals(1, TestKafka.size(t.decisions()));
    }
}
