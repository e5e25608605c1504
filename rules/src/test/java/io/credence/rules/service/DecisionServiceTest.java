package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.Outcome;
import io.credence.rules.service.input.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision core: one audit record per application, written before the decision is released. */
class DecisionServiceTest {

    @TempDir
    Path models;
    ModelRegistry registry;
    InMemoryAuditLog audit = new InMemoryAuditLog();

    @BeforeEach
    void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterEach
    void stop() {
        ServiceFixture.stopServing(registry);
    }

    @Test
    void anAcceptedApplicationIsDecidedAndAuditedOnceAsDecided() {
        ServiceOutcome outcome = ServiceFixture.service(audit).decide(Channel.REST, ServiceFixture.application("APP-1", 0.10));

        ServiceOutcome.Decided decided = assertInstanceOf(ServiceOutcome.Decided.class, outcome);
        assertEquals(Outcome.APPROVE, decided.result().outcome());
        assertEquals(1, audit.entries().size());
        AuditEntry entry = audit.entries().get(0);
        assertEquals(AuditEntry.Status.DECIDED, entry.status());
        assertEquals("APPROVE", entry.outcome());
        assertEquals(decided.result().decisionId(), entry.decisionId());
        assertEquals("rest", entry.channel());
        assertEquals(ServiceFixture.application("APP-1", 0.10), entry.rawInput());
        assertEquals("CPUExecutionProvider", entry.scores().get(0).provider());
    }

    @Test
    void aRejectedApplicationIsAuditedOnceWithItsViolationsAsErrors() {
        String json = ServiceFixture.application("APP-2", 0.10).replace("\"termMonths\": 24", "\"termMonths\": 999");

        ServiceOutcome outcome = ServiceFixture.service(audit).decide(Channel.FILE, json);

        ServiceOutcome.Rejected rejected = assertInstanceOf(ServiceOutcome.Rejected.class, outcome);
        assertEquals(List.of(new Violation("termMonths", "999", "<= 480")), rejected.violations());
        AuditEntry entry = audit.entries().get(0);
        assertEquals(1, audit.entries().size());
        assertEquals(AuditEntry.Status.REJECTED, entry.status());
        assertEquals("APP-2", entry.applicationId());
        assertNull(entry.outcome());
        assertEquals(List.of("{\"field\":\"termMonths\",\"value\":\"999\",\"expected\":\"<= 480\"}"), entry.errors());
    }

    @Test
    void anInternalFailureIsAuditedOnceAsFailed() {
        CreditDecisionEngine broken = CreditDecisionEngine.fromDrl(Map.of("broken.drl", """
                package io.credence.rules.policy;
                import io.credence.rules.application.LoanApplication;
                rule "Fails"
                when
                    LoanApplication()
                then
                    throw new IllegalStateException("rule exploded");
                end
                """, CreditDecisionEngine.REASON_CODES,
                CreditDecisionEngine.classpathPolicy().get(CreditDecisionEngine.REASON_CODES)));
        DecisionService service = new DecisionService(broken, ServiceFixture.READER, audit);

        ServiceOutcome outcome = service.decide(Channel.KAFKA, ServiceFixture.application("APP-3", 0.10));

        ServiceOutcome.Failed failed = assertInstanceOf(ServiceOutcome.Failed.class, outcome);
        assertTrue(failed.message().startsWith("the decision could not be made"), failed.message());
        assertEquals(1, audit.entries().size());
        assertEquals(AuditEntry.Status.FAILED, audit.entries().get(0).status());
        assertEquals("APP-3", audit.entries().get(0).applicationId());
        assertEquals(List.of(failed.message()), audit.entries().get(0).errors());
    }

    @Test
    void whenTheAuditLogIsDownNoDecisionIsReleased() {
        audit.goDown();
        DecisionService service = ServiceFixture.service(audit);

        assertThrows(AuditUnavailableException.class,
                () -> service.decide(Channel.REST, ServiceFixture.application("APP-4", 0.10)));
        assertThrows(AuditUnavailableException.class, () -> service.decide(Channel.REST, "{"));
        assertEquals(0, audit.entries().size());
    }

    @Test
    void aDecisionTheStoreRefusesToKeepBecomesAnAuditedRejectionNotAnOutage() {
        audit.refuse(AuditEntry.Status.DECIDED);

        ServiceOutcome outcome = ServiceFixture.service(audit).decide(Channel.REST, ServiceFixture.application("APP-7", 0.10));

        ServiceOutcome.Rejected rejected = assertInstanceOf(ServiceOutcome.Rejected.class, outcome);
        assertEquals(List.of(new Violation("$", null, "input the audit log can store (SQLState 22021)")), rejected.violations());
        assertEquals(1, audit.entries().size());
        assertEquals(AuditEntry.Status.REJECTED, audit.entries().get(0).status());
        assertEquals("APP-7", audit.entries().get(0).applicationId());
        assertEquals(rejected.decisionId(), audit.entries().get(0).decisionId());
    }

    @Test
    void theRawInputOfARejectionIsAuditedWithItsControlCharactersEscaped() {
        String json = "{\"applicationId\":\n\t\"A\0B\"}";

        ServiceFixture.service(audit).decide(Channel.KAFKA, json);

        assertEquals("{\"applicationId\":\n\t\"A\\u0000B\"}", audit.entries().get(0).rawInput());
    }

    @Test
    void withoutAModelACleanApplicationIsReferredNeverApproved() throws Exception {
        ServiceFixture.stopServing(registry);
        registry = null;
        try (ModelRegistry empty = ServiceModels.load(Files.createDirectories(models.resolve("empty")), "cpu")) {
            DecisionService service = new DecisionService(ServiceFixture.ENGINE.withModels(empty), ServiceFixture.READER, audit);
            ServiceOutcome outcome = service.decide(Channel.REST, ServiceFixture.application("APP-5", 0.01));

            ServiceOutcome.Decided decided = assertInstanceOf(ServiceOutcome.Decided.class, outcome);
            assertEquals(Outcome.REFER, decided.result().outcome());
            assertEquals(List.of("MODEL_UNAVAILABLE"), decided.result().reasonCodes());
        }
    }

    @Test
    void aTransportRejectionIsAuditedWithoutTheBody() {
        ServiceOutcome.Rejected rejected = ServiceFixture.service(audit).reject(Channel.REST, null,
                List.of(new Violation("$", "70000 bytes", "a body of at most 65536 bytes")));

        assertEquals(1, audit.entries().size());
        assertNull(audit.entries().get(0).rawInput());
        assertEquals(rejected.decisionId(), audit.entries().get(0).decisionId());
    }
}
