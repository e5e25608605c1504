package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.decision.Reason;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theServerCompressesTheStoredDocumentsWithLz4WhereItHasIt() throws SQLException {
        boolean lz4;
        try (Connection c = raw(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_settings WHERE name = 'default_toast_compression'"
                     + " AND 'lz4' = ANY (enumvals)")) {
            rs.next();
            lz4 = rs.getInt(1) == 1;
        }
        assumeTrue(lz4, "this PostgreSQL server has no LZ4 (version 14 or later, built with it)");
        log = openLog();
        // Both values above the 2 kB beyond which the server compresses: long attribution descriptions
        // in the record, a long reason text in the personal data.
        AuditEntry base = AuditFixtures.decided(1, "DECLINE", "1.0.0");
        List<FeatureAttribution> attributions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attributions.add(new FeatureAttribution("feature" + i, ("what feature " + i + " measures, in words; ").repeat(6),
                    "value " + i, "reference " + i, 0.5 - i * 0.05));
        }
        String text = "The applicant's figures were checked against the policy. ".repeat(60);
        List<Reason> reasons = base.reasons().stream().map(r -> new Reason(r.code(), text, r.outcome(), r.rule())).toList();
        AuditEntry entry = base.withPersonal(base.rawInput(), reasons, base.scores(), base.errors(), base.principalReasons(),
                attributions);
        log.append(entry);
        try (Connection c = log.pool().getConnection(); Statement s = c.createStatement()) {
            assertEquals("lz4", show(s, "default_toast_compression"));
        }
        try (Connection c = raw(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT pg_column_compression(r.record_json), pg_column_compression(p.data),"
                     + " OCTET_LENGTH(r.record_json) FROM audit_record r JOIN audit_personal p ON p.decision_id = r.decision_id")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(3) > 2048, "the document is long enough to be compressed: " + rs.getInt(3));
            assertEquals("lz4", rs.getString(1), "the record's document");
            assertEquals("lz4", rs.getString(2), "the personal data");
        }
        AuditEntry read = log.find(entry.decisionId()).orElseThrow().entry();
        assertEquals(attributions, read.attributions(), "read back as written");
        assertEquals(reasons, read.reasons());
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
