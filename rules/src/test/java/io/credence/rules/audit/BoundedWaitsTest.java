package io.credence.rules.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wait on the store is bounded: with the chain head locked by another session an append
 * fails within the append timeout instead of hanging, health says DOWN, and both recover by
 * themselves once the lock is gone. H2 always, PostgreSQL when {@code CREDENCE_TEST_PG_URL} is set.
 */
class BoundedWaitsTest {

    static final Duration BOUND = Duration.ofMillis(1500);
    /** Generous: the point is "bounded, not 20 s or forever", not a speed. */
    static final Duration SLACK = Duration.ofSeconds(6);

    @TempDir
    Path dir;
    JdbcAuditLog log;

    static Stream<String> stores() {
        return TestPostgres.available() ? Stream.of("h2", "postgresql") : Stream.of("h2");
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    String url(String store) {
        return store.equals("h2") ? "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath() : PostgresAuditLogTest.URL;
    }

    Connection raw(String store) throws SQLException {
        return store.equals("h2") ? DriverManager.getConnection(url(store), "sa", "")
                : DriverManager.getConnection(url(store), PostgresAuditLogTest.USER, PostgresAuditLogTest.PASSWORD);
    }

    JdbcAuditLog open(String store) throws SQLException {
        if (store.equals("postgresql")) {
            PostgresAuditLogTest.dropAuditTables();
            return JdbcAuditLog.open(AuditStoreSettings.of(url(store), PostgresAuditLogTest.USER,
                    PostgresAuditLogTest.PASSWORD).withAppendTimeout(BOUND));
        }
        return JdbcAuditLog.open(AuditStoreSettings.of(url(store), "sa", "").withAppendTimeout(BOUND));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLockedChainHeadFailsTheAppendWithinTheBoundAndHealthRecoversAfterIt(String store) throws Exception {
        log = open(store);
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        assertTrue(log.health().up(), log.health().detail());

        try (Connection holder = raw(store)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
            }
            long start = System.nanoTime();
            AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                    () -> log.append(AuditFixtures.decided(2, "APPROVE", "1.0.0")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND.plus(SLACK)) < 0, "the append gave up after " + took);
            assertTrue(e.getMessage().contains("dec-2"), e.getMessage());

            AuditHealth down = awaitHealth(false);
            assertFalse(down.up());
            holder.rollback();
        }
        AuditHealth up = awaitHealth(true);
        assertTrue(up.up(), up.detail());
        AuditRecord next = log.append(AuditFixtures.decided(3, "APPROVE", "1.0.0"));
        assertTrue(next.sequence() >= 2);
        assertTrue(log.verify().intact());
    }

    /**
     * The same bound without a waiting caller: appends handed over while the head is locked fail
     * within the bound (from the log's timer), one already taken by the writer may still be
     * written (and is then in the chain), and appends after the lock commit and chain on.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void anAsynchronousAppendFailsWithinTheBoundWhileTheChainHeadIsLockedAndCommitsAfterIt(String store) throws Exception {
        log = open(store);
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        List<CompletableFuture<AuditRecord>> blocked = new ArrayList<>();
        long start;
        try (Connection holder = raw(store)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
            }
            start = System.nanoTime();
            for (int i = 2; i <= 4; i++) {
                blocked.add(log.appendAsync(AuditFixtures.decided(i, "APPROVE", "1.0.0"), System.nanoTime()));
            }
            for (CompletableFuture<AuditRecord> f : blocked) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> f.get(BOUND.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS));
                assertTrue(e.getCause() instanceof AuditUnavailableException, String.valueOf(e.getCause()));
                assertTrue(e.getCause().getMessage().contains("not durable within 1500 ms"), e.getCause().getMessage());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND.plus(SLACK)) < 0, "the appends gave up after " + took);
            holder.rollback();
        }
        awaitHealth(true);
        CompletableFuture<AuditRecord> after = log.appendAsync(AuditFixtures.decided(5, "APPROVE", "1.0.0"), System.nanoTime());
        AuditRecord record = after.get(BOUND.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("dec-5", record.entry().decisionId());
        assertTrue(log.find("dec-5").isPresent());
        assertTrue(log.verify().intact());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theUrlShownInErrorsAndHealthHasNoPassword(String store) throws Exception {
        log = open(store);
        assertFalse(log.toString().contains("password="), log.toString());
        assertEquals("jdbc:postgresql://***@db:5432/credence?user=app&password=***",
                SafeUrl.of("jdbc:postgresql://u:secret@db:5432/credence?user=app&password=secret"));
        assertEquals("jdbc:h2:file:./data/x;USER=sa;PASSWORD=***", SafeUrl.of("jdbc:h2:file:./data/x;USER=sa;PASSWORD=pw"));
    }

    /** Health as it settles: asked again while it has not yet reached {@code wanted}, for at most 15 s. */
    private AuditHealth awaitHealth(boolean wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        AuditHealth h = log.health();
        while (h.up() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(100);
            h = log.health();
        }
        return h;
    }
}
