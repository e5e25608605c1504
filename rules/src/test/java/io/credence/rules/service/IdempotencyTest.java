package io.credence.rules.service;

import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Idempotency on the real stores: the identical application is decided once, whoever sends it
 * again and however often; new content for the same application id is a new decision that names
 * the one it supersedes. H2 always, PostgreSQL when {@code CREDENCE_TEST_PG_URL} is set.
 */
class IdempotencyTest {

    static final String PG_URL = TestPostgres.URL;
    static final String PG_USER = TestPostgres.USER;
    static final String PG_PASSWORD = TestPostgres.PASSWORD;

    @TempDir
    Path dir;
    ModelRegistry registry;
    final List<JdbcAuditLog> logs = new ArrayList<>();

    static Stream<String> stores() {
        return TestPostgres.available() ? Stream.of("h2", "postgresql") : Stream.of("h2");
    }

    @BeforeEach
    void serve() {
        registry = ServiceFixture.serveCreditDefault(dir.resolve("models"));
    }

    @AfterEach
    void stop() {
        logs.forEach(JdbcAuditLog::close);
        ServiceFixture.stopServing(registry);
    }

    JdbcAuditLog open(String store) throws Exception {
        JdbcAuditLog log;
        if (store.equals("h2")) {
            log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), "sa", "");
        } else {
            if (logs.isEmpty()) {
                TestPostgres.emptyStore();
            }
            log = JdbcAuditLog.open(PG_URL, PG_USER, PG_PASSWORD);
        }
        logs.add(log);
        return log;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theIdenticalApplicationPostedAgainGetsTheOriginalDecisionAndNoSecondRecord(String store) throws Exception {
        JdbcAuditLog log = open(store);
        DecisionService service = ServiceFixture.service(log);
        String json = ServiceFixture.application("IDEM-1", 0.10);

        ServiceOutcome first = service.decide(Channel.REST, json);
        // The same application with other whitespace, key order and number spelling is the same input.
        String respelled = json.replace("\"monthlyIncome\": 4000", "\"monthlyIncome\": 4.000e3").replace("\n", "  ")
                .replace("\"applicationId\": \"IDEM-1\", ", "").replace("}}", "}, \"applicationId\": \"IDEM-1\"}");
        ServiceOutcome again = service.decide(Channel.KAFKA, respelled);
        ServiceOutcome third = service.decide(Channel.REST, json);

        assertInstanceOf(ServiceOutcome.Decided.class, first);
        assertFalse(first.replayed());
        for (ServiceOutcome replay : List.of(again, third)) {
            assertInstanceOf(ServiceOutcome.Replayed.class, replay);
            assertTrue(replay.replayed());
            assertEquals(first.decisionId(), replay.decisionId());
            assertEquals(DecisionJson.text(DecisionJson.of(first.record())), DecisionJson.text(DecisionJson.of(replay.record())));
            assertEquals(true, DecisionJson.of(replay).get("replayed").asBoolean());
        }
        assertEquals(1, log.search(AuditQuery.forApplication("IDEM-1")).size());
        assertTrue(log.verify().intact());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void newContentForTheSameApplicationIsANewDecisionThatNamesTheOneItSupersedes(String store) throws Exception {
        JdbcAuditLog log = open(store);
        DecisionService service = ServiceFixture.service(log);

        ServiceOutcome first = service.decide(Channel.REST, ServiceFixture.application("IDEM-2", 0.10));
        ServiceOutcome second = service.decide(Channel.REST, ServiceFixture.application("IDEM-2", 0.90));
        // A rejected input between them is recorded, but it decided nothing: the next one supersedes the second.
        ServiceOutcome rejected = service.decide(Channel.REST, ServiceFixture.application("IDEM-2", 0.30)
                .replace("\"termMonths\": 24", "\"termMonths\": 999"));
        ServiceOutcome third = service.decide(Channel.REST, ServiceFixture.application("IDEM-2", 0.50));
        ServiceOutcome firstAgain = service.decide(Channel.REST, ServiceFixture.application("IDEM-2", 0.10));

        assertNull(first.record().entry().supersedes());
        assertFalse(second.replayed());
        assertNotEquals(first.decisionId(), second.decisionId());
        assertEquals(first.decisionId(), second.record().entry().supersedes());
        assertEquals(second.decisionId(), third.record().entry().supersedes());
        // Read back from the store, the supersedes link is part of the hashed record.
        assertEquals(first.decisionId(), log.find(second.decisionId()).orElseThrow().entry().supersedes());
        assertEquals(first.decisionId(), DecisionJson.of(second.record()).get("supersedes").asString());
        assertInstanceOf(ServiceOutcome.Rejected.class, rejected);
        assertInstanceOf(ServiceOutcome.Replayed.class, firstAgain, "an older input of the application is still its own");
        assertEquals(first.decisionId(), firstAgain.decisionId());
        assertEquals(4, log.search(AuditQuery.forApplication("IDEM-2")).size());
        assertTrue(log.verify().intact());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRejectedApplicationSentAgainIsAnsweredFromItsRecord(String store) throws Exception {
        JdbcAuditLog log = open(store);
        DecisionService service = ServiceFixture.service(log);
        String bad = ServiceFixture.application("IDEM-3", 0.10).replace("\"termMonths\": 24", "\"termMonths\": 999");

        ServiceOutcome first = service.decide(Channel.REST, bad);
        ServiceOutcome again = service.decide(Channel.REST, bad);

        assertInstanceOf(ServiceOutcome.Rejected.class, first);
        assertInstanceOf(ServiceOutcome.Replayed.class, again);
        assertEquals(first.decisionId(), again.decisionId());
        assertEquals(AuditEntry.Status.REJECTED, again.record().entry().status());
        assertEquals(1, log.search(AuditQuery.forApplication("IDEM-3")).size());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void erasureDeletesTheInputKeysSoNothingIsLeftToConfirmAGuessedInputAgainst(String store) throws Exception {
        JdbcAuditLog log = open(store);
        DecisionService service = ServiceFixture.service(log);
        String json = ServiceFixture.application("IDEM-4", 0.10);
        ServiceOutcome first = service.decide(Channel.REST, json);

        assertEquals(1, log.erase(ErasureRequest.ofApplication("IDEM-4", "GDPR Art. 17, test", "cli:t", "cli")).erased().size());
        assertEquals(0, count(store, "SELECT COUNT(*) FROM audit_record WHERE application_id = 'IDEM-4' AND input_key IS NOT NULL"));
        ServiceOutcome after = service.decide(Channel.REST, json);

        assertFalse(after.replayed(), "after erasure the store cannot recognise the input any more");
        assertEquals(first.decisionId(), after.record().entry().supersedes());
        assertTrue(log.verify().intact());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoServiceInstancesOnOneStoreDecideEachDistinctInputOnce(String store) throws Exception {
        JdbcAuditLog a = open(store);
        JdbcAuditLog b = open(store);
        DecisionService one = ServiceFixture.service(a);
        DecisionService two = ServiceFixture.service(b);
        int applications = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                DecisionService service = t % 2 == 0 ? one : two;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < applications; i++) {
                        ids.add(service.decide(Channel.REST, ServiceFixture.application("RACE-" + i, 0.2)).decisionId());
                    }
                    return ids;
                }));
            }
            List<List<String>> all = new ArrayList<>();
            for (Future<List<String>> f : results) {
                all.add(f.get());
            }
            for (int i = 0; i < applications; i++) {
                Set<String> answers = new HashSet<>();
                for (List<String> ids : all) {
                    answers.add(ids.get(i));
                }
                assertEquals(1, answers.size(), "every caller of RACE-" + i + " got the one decision");
                List<AuditRecord> records = a.search(AuditQuery.forApplication("RACE-" + i));
                assertEquals(1, records.size(), "RACE-" + i + " is recorded once");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(a.verify().intact());
    }

    private long count(String store, String sql) throws Exception {
        String url = store.equals("h2") ? "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath() : PG_URL;
        try (Connection c = store.equals("h2") ? DriverManager.getConnection(url, "sa", "")
                : DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
