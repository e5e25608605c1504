package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.chaos.Workload;
import io.credence.load.DecisionClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain head locked by another database session: a POST answers 503 with {@code Retry-After}
 * within the append timeout (default 2 s) instead of hanging, {@code /health/ready} goes DOWN
 * while {@code /health/live} stays UP, and the service is ready and deciding again by itself once
 * the lock is gone. On H2 (the default store) and on PostgreSQL when it is set.
 */
class AuditStoreFaultsOverHttpTest {

    /** Far above the 2 s bound and far below the hang this guards against; not a speed test. */
    static final Duration BOUNDED = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void aLockedChainHeadOnH2Answers503WithinTheBoundAndRecovers() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        check(url, "sa", "");
    }

    @Test
    void aLockedChainHeadOnPostgresAnswers503WithinTheBoundAndRecovers() throws Exception {
        try (PostgresSchema pg = PostgresSchema.create()) {
            check(pg.url(), PostgresSchema.USER, PostgresSchema.PASSWORD);
        }
    }

    private void check(String url, String user, String password) throws Exception {
        try (RunningService service = RunningService.start(null, url, user, password)) {
            DecisionClient client = service.client;
            Workload.Application before = Workload.german("LOCK", 3).get(0);
            Workload.Application during = Workload.german("LOCK", 3).get(1);
            Workload.Application after = Workload.german("LOCK", 3).get(2);
            assertEquals(200, client.post(before.json()).status());

            try (Connection holder = DriverManager.getConnection(url, user, password)) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
                }
                long start = System.nanoTime();
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + service.port + DecisionClient.DECISIONS))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(during.json()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertTrue(took.compareTo(BOUNDED) < 0, "answered after " + took);
                assertEquals(503, awaitReady(client, 503).status(), "ready goes DOWN while the head is locked");
                assertEquals(200, client.get("/health/live").status());
                holder.rollback();
            }
            assertEquals(200, awaitReady(client, 200).status(), "ready again once the lock is gone");
            assertEquals(200, client.post(after.json()).status());
            // The refused application was not decided behind the caller's back, or if its append
            // committed late, the retry is answered from it: either way one record.
            DecisionClient.Reply retry = client.post(during.json());
            assertEquals(200, retry.status());
            assertEquals(1, service.runtime.audit().search(io.credence.rules.audit.AuditQuery.forApplication(during.id())).size());
            assertTrue(service.runtime.audit().verify().intact());
        }
    }

    /** {@code /health/ready} as it settles to {@code status}, asked for at most 15 s. */
    private static DecisionClient.Reply awaitReady(DecisionClient client, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        DecisionClient.Reply reply = client.get("/health/ready");
        while (reply.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            reply = client.get("/health/ready");
        }
        return reply;
    }
}
