package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.KafkaMessages.Reply;
import io.credence.rules.service.routes.KafkaMessages.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One application message in, one reply out, without Kafka. */
class KafkaMessagesTest {

    @TempDir
    static Path models;
    static ModelRegistry registry;
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final KafkaMessages messages = new KafkaMessages(ServiceFixture.service(audit), "decisions", "errors", 1024);
    final Source source = new Source("applications", 0, 7L);

    @BeforeAll
    static void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterAll
    static void stop() {
        ServiceFixture.stopServing(registry);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRedeliveredApplicationIsAnsweredFromItsRecordWithTheSameDecisionId() {
        Reply first = messages.handle(utf8(ServiceFixture.application("M-1", 0.1)), "k", source);
        Reply again = messages.handle(utf8(ServiceFixture.application("M-1", 0.1)), "k", source);

        assertEquals("decisions", again.topic());
        assertEquals(first.decisionId(), again.decisionId());
        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertTrue(again.value().contains("\"replayed\":true"), again.value());
        assertEquals(1, audit.entries().size());
    }

    @Test
    void aRedeliveredRejectionGoesToTheErrorsTopicAgainWithItsSource() {
        Reply first = messages.handle(utf8("{\"applicationId\": \"M-2\"}"), "k", source);
        Reply again = messages.handle(utf8("{\"applicationId\": \"M-2\"}"), "k", new Source("applications", 0, 9L));

        assertEquals("errors", first.topic());
        assertEquals("errors", again.topic());
        assertEquals(first.decisionId(), again.decisionId());
        assertTrue(again.value().contains("\"source\":{\"topic\":\"applications\",\"partition\":0,\"offset\":9}"), again.value());
        assertEquals(List.of(AuditEntry.Status.REJECTED), audit.entries().stream().map(AuditEntry::status).toList());
    }

    @Test
    void aTombstoneIsRejectedAsAnEmptyInput() {
        Reply reply = messages.handle(null, "k", source);

        assertEquals("errors", reply.topic());
        assertEquals("k", reply.key());
        assertEquals(AuditEntry.Status.REJECTED, audit.entries().get(0).status());
    }

    @Test
    void aMessageOverTheLimitIsRejectedUnreadAndItsBytesAreNotKept() {
        byte[] big = utf8(ServiceFixture.application("M-3", 0.1) + " ".repeat(1024));

        Reply reply = messages.handle(big, "k", source);

        assertEquals("errors", reply.topic());
        assertTrue(reply.value().contains("\"expected\":\"a message of at most 1024 bytes\""), reply.value());
        assertEquals(null, audit.entries().get(0).rawInput());
        assertEquals(null, audit.entries().get(0).applicationId());
    }

    @Test
    void anInternalErrorNamesTheSourceAndNoDecision() {
        Reply reply = messages.internalError("k", source);

        assertEquals("errors", reply.topic());
        assertEquals(null, reply.decisionId());
        assertTrue(reply.value().contains("\"source\":{\"topic\":\"applications\",\"partition\":0,\"offset\":7}"), reply.value());
        assertEquals(List.of(), audit.entries());
    }
}
