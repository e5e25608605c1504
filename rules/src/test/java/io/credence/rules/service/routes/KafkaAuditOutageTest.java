package io.credence.rules.service.routes;

import static io.credence.rules.service.routes.TestKafka.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.TestKafka.Topics;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the audit log is down the consumer waits at the first message; when it is back, nothing is lost or doubled. */
class KafkaAuditOutageTest {

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

    @Test
    void anAuditOutageHoldsEveryMessageUncommittedAndEachIsDecidedOnceInOrderWhenTheStoreIsBack() throws Exception {
        Topics t = TestKafka.topics("outage");
        audit.goDown();
        camel = TestKafka.start(ServiceFixture.service(audit), TestKafka.settings(t, "outage"));
        TestKafka.send(t.applications(), List.of(message("o1", ServiceFixture.application("O-1", 0.1)),
                message("o2", ServiceFixture.application("O-2", 0.5)), message("o3", ServiceFixture.application("O-3", 0.9))));

        // Three refusals: the first message was read, refused, and read again twice.
        TestKafka.await("three refused attempts", () -> audit.refusals() >= 3);
        assertEquals(0, TestKafka.committed("outage", t.applications()));
        assertEquals(0, TestKafka.size(t.decisions()));
        assertEquals(0, TestKafka.size(t.errors()));
        assertEquals(List.of(), audit.entries());

        audit.goUp();
        List<ConsumerRecord<String, String>> decisions = TestKafka.read(t.decisions(), 3);

        assertEquals(List.of("O-1", "O-2", "O-3"), decisions.stream().map(ConsumerRecord::key).toList());
        assertEquals(List.of("O-1", "O-2", "O-3"), audit.entries().stream().map(AuditEntry::applicationId).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(audit.entries().get(i).decisionId(), ServiceFixture.READER.mapper()
                    .readTree(decisions.get(i).value()).get("decisionId").asString());
        }
        TestKafka.await("offset 3 committed", () -> TestKafka.committed("outage", t.applications()) == 3);
        assertEquals(3, TestKafka.size(t.decisions()));
        assertEquals(0, TestKafka.size(t.errors()));
    }
}
