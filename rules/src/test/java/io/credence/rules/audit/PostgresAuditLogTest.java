package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL server. Set {@code CREDENCE_TEST_PG_URL} (e.g. from
 * {@code .ci/start-postgres.sh}); user and password are {@code credence} unless
 * {@code CREDENCE_TEST_PG_USER} / {@code CREDENCE_TEST_PG_PASSWORD} say otherwise.
 */
class PostgresAuditLogTest extends AuditLogContract {

    static final String URL = TestPostgres.URL;
    static final String USER = TestPostgres.USER;
    static final String PASSWORD = TestPostgres.PASSWORD;

    static void assumePostgres() {
        TestPostgres.assumeAvailable();
    }

    /** Drops the audit tables so that each test starts on an empty store. */
    static void dropAuditTables() throws SQLException {
        TestPostgres.emptyStore();
    }

    @BeforeEach
    void emptyStore() throws SQLException {
        assumePostgres();
        dropAuditTables();
    }

    @Override
    protected JdbcAuditLog openLog() {
        return JdbcAuditLog.open(URL, USER, PASSWORD);
    }

    @Override
    protected JdbcAuditLog openExisting() {
        return openLog();
    }

    @Override
    protected Connection raw() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    @Test
    void everySessionOfTheLogIsBoundedAndPlansItsStatementsOnce() throws SQLException {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        // The read pool's sessions (the writer's are opened with the same settings, JdbcAuditLog.postgresSession).
        try (Connection c = log.pool().getConnection(); java.sql.Statement s = c.createStatement()) {
            assertEquals("force_generic_plan", show(s, "plan_cache_mode"));
            assertTrue(!"0".equals(show(s, "statement_timeout")), show(s, "statement_timeout"));
            assertTrue(!"0".equals(show(s, "lock_timeout")), show(s, "lock_timeout"));
        }
        assertEquals(ChainVerification.intact(1), log.verify());
    }

    private static String show(java.sql.Statement s, String setting) throws SQLException {
        try (java.sql.ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void failsToOpenWhenTheServerIsDown() {
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> JdbcAuditLog.open("jdbc:postgresql://127.0.0.1:1/credence?connectTimeout=2", USER, PASSWORD));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void textWithANulCharacterIsRefusedAsTheEntrysProblemNotAsAnOutage() {
        log = openLog();
        AuditEntry decided = AuditFixtures.decided(1, "APPROVE", "1.0.0");
        // In a searchable column (the raw input is kept inside the personal data's JSON, where U+0000 is escaped).
        AuditEntry withNul = new AuditEntry(decided.decisionId(), "A\0", decided.channel(),
                decided.receivedAt(), decided.decidedAt(), "{\"applicationId\": \"A\0\"}", decided.status(),
                decided.outcome(), decided.reasons(), decided.scores(), decided.cutOffs(), decided.rulesFired(),
                decided.ruleBase(), decided.errors());

        // PostgreSQL keeps no U+0000 in text (SQLState 22021 or 22P05): the entry's problem, the store is fine.
        AuditEntryRefusedException e = assertThrows(AuditEntryRefusedException.class, () -> log.append(withNul));

        assertTrue(e.sqlState().startsWith("22"), e.sqlState());
        assertTrue(log.find("dec-1").isEmpty());
        assertEquals(1, log.append(AuditFixtures.decided(2, "APPROVE", "1.0.0")).sequence());
        assertEquals(ChainVerification.intact(1), log.verify());
    }

    @Test
    void twoLogsOnOneDatabaseShareOneGaplessChain() throws Exception {
        log = openLog();
        try (JdbcAuditLog other = openLog()) {
            Thread a = new Thread(() -> {
                for (int i = 0; i < 30; i++) {
                    log.append(AuditFixtures.decided(i, "APPROVE", "1.0.0"));
                }
            });
            Thread b = new Thread(() -> {
                for (int i = 100; i < 130; i++) {
                    other.append(AuditFixtures.decided(i, "DECLINE", "1.0.0"));
                }
            });
            a.start();
            b.start();
            a.join();
            b.join();
        }
        ChainVerification check = log.verify();
        assertTrue(check.intact() && check.recordsChecked() == 60, check::summary);
    }
}
