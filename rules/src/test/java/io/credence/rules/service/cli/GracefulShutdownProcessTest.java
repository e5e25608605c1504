package io.credence.rules.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import io.credence.rules.audit.proof.Checkpoint;
import io.credence.rules.audit.proof.CheckpointFile;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.service.ServiceFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running {@code serve} (a JVM of its own) while decisions are in flight: they are
 * answered, each is recorded exactly once, the last checkpoint covers them, and the process stops
 * (exit code 143, the JVM's for SIGTERM, after the shutdown ran to its end).
 * The decisions are held in flight by a lock the test takes on the audit chain head (PostgreSQL:
 * skipped without {@code CREDENCE_TEST_PG_URL}); the store is given to the service through the
 * environment ({@code CREDENCE_AUDIT_DB}), one of the configuration layers.
 */
class GracefulShutdownProcessTest {

    static final int IN_FLIGHT = 6;
    /** What a JVM stopped by SIGTERM exits with once its shutdown hooks ran: 128 + 15. */
    static final int SIGTERM_EXIT = 143;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void emptyStore() throws Exception {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
    }

    @Test
    void sigtermLetsInFlightDecisionsFinishRecordsEachOnceAndSignsTheLastCheckpoint() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        Path key = dir.resolve("signing.pem");
        SigningKeys.write(SigningKeys.generate(), key);
        int port = ServeProcess.freePort();
        Map<String, String> env = Map.of("CREDENCE_AUDIT_DB", TestPostgres.URL, "CREDENCE_AUDIT_USER", TestPostgres.USER,
                "CREDENCE_AUDIT_PASSWORD", TestPostgres.PASSWORD,
                // Long enough that the held appends wait instead of answering 503.
                "CREDENCE_AUDIT_APPEND_TIMEOUT", "60s", "CREDENCE_AUDIT_STATEMENT_TIMEOUT", "60s");
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        int exit;
        String output;
        try (ServeProcess serve = ServeProcess.start(dir, List.of("--port", Integer.toString(port), "--models",
                dir.resolve("models").toString(), "--trusted-keys",
                io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString(), "--execution-provider", "cpu", "--signing-key", key.toString(),
                "--checkpoints", dir.resolve("witness").toString(), "-Dcamel.main.shutdownTimeout=40"), env);
             Connection holder = TestPostgres.connect()) {
            serve.await(() -> status(client, port) == 200, Duration.ofMinutes(3));
            assertTrue(serve.output().contains("settings: application.properties in the jar < no configuration file"
                    + " < environment (5 keys)"), serve.output());

            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
            }
            for (int i = 0; i < IN_FLIGHT; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/decisions")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("STOP-" + i, 0.1))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // The service's writer waits on the test's lock: the decisions are in the service, unanswered.
            awaitLockWaiter(holder);
            Thread.sleep(2000);   // slack for the last requests to reach their route on a loaded machine
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "none answered while the store is held");

            serve.terminate();
            serve.await(() -> serve.output().contains("inflight"), Duration.ofSeconds(30));
            assertTrue(serve.output().contains("decisions-post = " + IN_FLIGHT), "all " + IN_FLIGHT
                    + " decisions were in flight when the shutdown began:\n" + serve.output());
            holder.rollback();   // the store answers again; the in-flight appends commit
            exit = serve.exitCode(Duration.ofSeconds(60));
            output = serve.output();
        }

        assertEquals(SIGTERM_EXIT, exit, output);
        assertTrue(output.contains("Credence decision service stopped"), "the shutdown ran to its end:\n" + output);
        Set<String> decided = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            decided.add(JSON.readTree(response.body()).get("decisionId").asText());
        }
        assertEquals(IN_FLIGHT, decided.size());
        try (JdbcAuditLog log = JdbcAuditLog.open(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
            List<AuditRecord> records = log.search(new AuditQuery(null, null, null, null, null, null, 100));
            assertEquals(decided, records.stream().map(r -> r.entry().decisionId()).collect(Collectors.toCollection(TreeSet::new)),
                    "each answered decision recorded, once");
            assertEquals(IN_FLIGHT, records.size());
            assertTrue(log.verify().intact());
        }
        List<Checkpoint> checkpoints = new CheckpointFile(dir.resolve("witness")).readAll();
        assertEquals(IN_FLIGHT, checkpoints.get(checkpoints.size() - 1).treeSize(),
                "the checkpoint signed at shutdown covers every decision");
    }

    /** Waits until another session waits for a lock the test holds (the service's audit writer). */
    private static void awaitLockWaiter(Connection holder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection probe = TestPostgres.connect(); Statement s = probe.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                         + " AND datname = current_database()")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit append waited on the held chain head within 60 s");
    }

    private static int status(HttpClient client, int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
