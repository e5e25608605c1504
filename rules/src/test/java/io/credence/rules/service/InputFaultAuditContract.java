package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.service.input.CsvApplications;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that holds a control character is an input fault on every store: the real service over a
 * real {@link JdbcAuditLog} rejects it naming the field, and writes exactly one readable record of
 * the rejection, sanitised so that the store can keep it (PostgreSQL keeps no U+0000 in text).
 * One subclass per database.
 */
abstract class InputFaultAuditContract {

    static final String NUL_ESCAPED = "\\u0000";   // the six characters of a JSON escape
    static final String NUL_RAW = "\0";             // the character itself, unescaped in the JSON text

    @TempDir
    Path models;
    ModelRegistry registry;
    JdbcAuditLog log;
    DecisionService service;

    /** Opens the audit log on an empty store. */
    protected abstract JdbcAuditLog openLog();

    @BeforeEach
    void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
        log = openLog();
        service = ServiceFixture.service(log);
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
        ServiceFixture.stopServing(registry);
    }

    /** (field the violation names, the application JSON with a NUL in that field). */
    static Stream<Arguments> nulInEveryStringField() {
        String base = ServiceFixture.application("APP-1", 0.10);
        return Stream.of(NUL_ESCAPED, NUL_RAW).flatMap(nul -> Stream.of(
                Arguments.of("applicationId", base.replace("\"APP-1\"", "\"APP" + nul + "1\"")),
                Arguments.of("employmentStatus", base.replace("\"EMPLOYED\"", "\"EMPLOYED" + nul + "\"")),
                Arguments.of("modelInputs.purpose", base.replace("}}", ", \"purpose\": \"car" + nul + "\"}}")),
                Arguments.of("modelInputs.risk\\u0000signal", base.replace("\"risk_signal\"", "\"risk" + nul + "signal\""))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nulInEveryStringField")
    void nulInAnyStringFieldIsRejectedNamingTheFieldAndAuditedOnce(String field, String json) {
        ServiceOutcome outcome = service.decide(Channel.REST, json);

        ServiceOutcome.Rejected rejected = assertInstanceOf(ServiceOutcome.Rejected.class, outcome);
        Violation named = rejected.violations().stream().filter(v -> v.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation names " + field + ": " + rejected.violations()));
        assertTrue(named.expected().contains("without control characters (found U+0000 at position"), named.expected());
        assertTrue(rejected.violations().stream().allMatch(v -> storable(v.field()) && storable(v.value())
                && storable(v.expected())), rejected.violations()::toString);
        assertOneReadableRejection(rejected, VisibleText.escapeKeepingLines(json));
    }

    @Test
    void aNulBetweenTheTokensIsMalformedJsonAndAuditedOnceSanitised() {
        String json = ServiceFixture.application("APP-2", 0.10).replace("{", "{" + NUL_RAW);

        ServiceOutcome.Rejected rejected = assertInstanceOf(ServiceOutcome.Rejected.class,
                service.decide(Channel.KAFKA, json));

        assertEquals(Violation.WHOLE_INPUT, rejected.violations().get(0).field());
        assertTrue(rejected.violations().get(0).expected().startsWith("well-formed JSON"), rejected.violations()::toString);
        AuditRecord stored = assertOneReadableRejection(rejected, json.replace(NUL_RAW, NUL_ESCAPED));
        assertNull(stored.entry().applicationId());
    }

    @Test
    void aNulInACsvCellIsRejectedNamingTheColumnAndAuditedOnce() {
        String header = "applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,requestedAmount,termMonths,"
                + "employmentStatus,worstDelinquencyMonths,risk_signal,purpose";
        String line = "APP-3,35,4000,500,12000,24,EMPLOYED,0,-2.2,car" + NUL_RAW;
        CsvApplications csv = new CsvApplications(header);

        ServiceOutcome.Rejected rejected = assertInstanceOf(ServiceOutcome.Rejected.class,
                service.decide(Channel.FILE, header + "\n" + line, () -> csv.row(line)));

        assertEquals("modelInputs.purpose", rejected.violations().get(0).field(), rejected.violations()::toString);
        AuditRecord stored = assertOneReadableRejection(rejected, header + "\n" + line.replace(NUL_RAW, NUL_ESCAPED));
        assertEquals("APP-3", stored.entry().applicationId());
    }

    @Test
    void aCleanApplicationIsStillDecidedAndStoredExactlyAsReceived() {
        String json = ServiceFixture.application("APP-4", 0.10);

        ServiceOutcome.Decided decided = assertInstanceOf(ServiceOutcome.Decided.class, service.decide(Channel.REST, json));

        assertEquals(json, log.find(decided.decisionId()).orElseThrow().entry().rawInput());
    }

    private AuditRecord assertOneReadableRejection(ServiceOutcome.Rejected rejected, String expectedRawInput) {
        List<AuditRecord> all = log.search(new AuditQuery(null, null, null, null, null, null, 1000));
        assertEquals(1, all.size(), "exactly one audit record");
        AuditRecord stored = log.find(rejected.decisionId()).orElseThrow();
        assertEquals(AuditEntry.Status.REJECTED, stored.entry().status());
        assertEquals(expectedRawInput, stored.entry().rawInput());
        assertFalse(stored.entry().rawInput().contains(NUL_RAW));
        assertEquals(rejected.violations().size(), stored.entry().errors().size());
        assertTrue(stored.entry().errors().stream().allMatch(InputFaultAuditContract::storable));
        assertEquals(ChainVerification.intact(1), log.verify());
        return stored;
    }

    private static boolean storable(String text) {
        return text == null || VisibleText.indexOfInvisible(text) < 0;
    }
}
