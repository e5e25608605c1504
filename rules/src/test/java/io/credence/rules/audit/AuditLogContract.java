package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.ChainVerification.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcAuditLog} store must do; one subclass per database. */
abstract class AuditLogContract {

    protected JdbcAuditLog log;

    /** Opens the audit log on an empty store. */
    protected abstract JdbcAuditLog openLog();

    /** A connection to the same store, for tampering with it behind the log's back. */
    protected abstract Connection raw() throws SQLException;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private void appendFive() {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        log.append(AuditFixtures.decided(2, "DECLINE", "1.0.0"));
        log.append(AuditFixtures.rejected(3));
        log.append(AuditFixtures.decided(4, "REFER", "1.1.0"));
        log.append(AuditFixtures.decided(5, "APPROVE", "1.1.0"));
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    @Test
    void chainsRecordsWithGaplessSequencesAndLinkedHashes() {
        log = openLog();
        AuditRecord first = log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        AuditRecord second = log.append(AuditFixtures.decided(2, "DECLINE", "1.0.0"));

        assertEquals(1, first.sequence());
        assertEquals(RecordDocument.GENESIS_HASH, first.previousHash());
        assertEquals(2, second.sequence());
        assertEquals(first.recordHash(), second.previousHash());
        assertNull(first.inputSha256(), "no unsalted digest of the input in a format-2 record");
        assertTrue(first.personalDataCommitment().matches("[0-9a-f]{64}"), first.personalDataCommitment());
        assertTrue(log.verify().intact());
    }

    @Test
    void keepsWhoRequestedADecisionInTheVerifiedRecord() {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        AuditRecord requested = log.append(AuditFixtures.decided(2, "DECLINE", "1.0.0").requestedBy("jwt:3f2a-77"));

        assertEquals("jwt:3f2a-77", log.find(requested.entry().decisionId()).orElseThrow().entry().requestedBy());
        assertNull(log.find("dec-1").orElseThrow().entry().requestedBy());
        assertTrue(log.verify().intact());
    }

    @Test
    void readsBackEveryFieldAsAppended() {
        log = openLog();
        AuditEntry entry = AuditFixtures.decided(7, "DECLINE", "2.0.1");
        AuditRecord appended = log.append(entry);

        AuditRecord found = log.find("dec-7").orElseThrow();

        assertEquals(entry, found.entry());
        assertEquals(appended.recordHash(), found.recordHash());
        assertEquals(appended.inputSha256(), found.inputSha256());
        assertFalse(found.inputErased());
        assertTrue(log.find("no-such-decision").isEmpty());
    }

    @Test
    void keepsRejectedApplicationsWithTheirErrors() {
        log = openLog();
        log.append(AuditFixtures.rejected(1));

        AuditRecord found = log.find("dec-1").orElseThrow();

        assertEquals(AuditEntry.Status.REJECTED, found.entry().status());
        assertEquals(List.of("$: invalid JSON at offset 1"), found.entry().errors());
        assertNull(found.entry().ruleBase());
    }

    @Test
    void searchesByDateRangeOutcomeModelVersionAndApplicationId() {
        appendFive();
        Instant day = AuditFixtures.DAY_ONE;

        List<AuditRecord> all = log.search(new AuditQuery(null, null, null, null, null, null, 100));
        assertEquals(List.of("dec-5", "dec-4", "dec-3", "dec-2", "dec-1"), ids(all));

        assertEquals(List.of("dec-5", "dec-1"),
                ids(log.search(new AuditQuery(null, null, "APPROVE", null, null, null, 100))));
        assertEquals(List.of("dec-5", "dec-4"),
                ids(log.search(new AuditQuery(null, null, null, null, "1.1.0", null, 100))));
        assertEquals(List.of("dec-2"),
                ids(log.search(new AuditQuery(null, null, null, null, null, "app-2", 100))));
        assertEquals(List.of("dec-3"),
                ids(log.search(new AuditQuery(null, null, null, AuditEntry.Status.REJECTED, null, null, 100))));
        assertEquals(List.of("dec-3", "dec-2"), ids(log.search(new AuditQuery(day.plusSeconds(7200),
                day.plusSeconds(3 * 3600 + 1), null, null, null, null, 100))));
        assertEquals(List.of("dec-5"), ids(log.search(new AuditQuery(null, null, null, null, null, null, 1))));
        assertEquals(List.of(), ids(log.search(new AuditQuery(null, null, null, null, "1._.0", null, 100))));
    }

    @Test
    void concurrentAppendsFormOneGaplessChain() throws Exception {
        log = openLog();
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<AuditRecord>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<AuditRecord> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    int n = thread * 1000 + i;
                    mine.add(log.append(AuditFixtures.decided(n, "APPROVE", "1.0.0")));
                }
                return mine;
            }));
        }
        Set<Long> sequences = new HashSet<>();
        for (Future<List<AuditRecord>> f : futures) {
            for (AuditRecord r : f.get()) {
                sequences.add(r.sequence());
                assertTrue(log.find(r.entry().decisionId()).isPresent(), "appended record is readable at once");
            }
        }
        pool.shutdown();

        assertEquals(threads * perThread, sequences.size());
        for (long s = 1; s <= threads * perThread; s++) {
            assertTrue(sequences.contains(s), "sequence " + s + " is taken");
        }
        ChainVerification check = log.verify();
        assertTrue(check.intact(), check::summary);
        assertEquals(threads * perThread, check.recordsChecked());
    }

    @Test
    void concurrentAppendsShareOneCommitAndReturnOnlyOnceCommitted() throws Exception {
        log = openLog();
        int appends = 20;
        List<Thread> callers = new ArrayList<>();
        List<AuditRecord> returned = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Connection blocker = raw(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // Holding the chain head's lock stops the writer inside its first transaction.
            s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
            for (int i = 0; i < appends; i++) {
                AuditEntry entry = AuditFixtures.decided(i, "APPROVE", "1.0.0");
                Thread t = new Thread(() -> returned.add(log.append(entry)));
                callers.add(t);
                t.start();
            }
            while (log.acceptedAppends() < appends) {
                Thread.onSpinWait();
            }
            assertTrue(returned.isEmpty(), "no append returns before its commit");
            blocker.commit();
        }
        for (Thread t : callers) {
            t.join();
        }

        assertEquals(appends, returned.size());
        // The writer's first transaction waited on the lock with whatever had arrived; everything
        // queued behind it went into the next one.
        assertTrue(log.commitCount() <= 2, appends + " appends took " + log.commitCount() + " commits");
        assertEquals(ChainVerification.intact(appends), log.verify());
    }

    @Test
    void verifiesAnIntactChain() {
        appendFive();
        ChainVerification check = log.verify();
        assertEquals(ChainVerification.intact(5), check);
    }

    @Test
    void verifiesAnEmptyChain() {
        log = openLog();
        assertEquals(ChainVerification.intact(0), log.verify());
    }

    @Test
    void catchesAnEditedRecord() throws SQLException {
        appendFive();
        sql("UPDATE audit_record SET record_json = REPLACE(record_json, '\"DECLINE\"', '\"APPROVE\"') WHERE sequence = 2");

        ChainVerification check = log.verify();

        assertBroken(check, 2, Problem.CHANGED);
        assertTrue(check.detail().contains("record hash"), check.detail());
    }

    @Test
    void catchesARecordRewrittenWithAMatchingHashButUnreadableContent() throws SQLException {
        appendFive();
        String garbage = "{\"format\":1,\"sequence\":\"two\"}";
        try (Connection c = raw(); PreparedStatement p = c.prepareStatement(
                "UPDATE audit_record SET record_json = ?, record_hash = ? WHERE sequence = 2")) {
            p.setString(1, garbage);
            p.setString(2, RecordDocument.sha256(garbage));
            p.executeUpdate();
        }

        ChainVerification check = log.verify();

        assertBroken(check, 2, Problem.CHANGED);
        assertTrue(check.detail().contains("cannot be read"), check.detail());
    }

    @Test
    void catchesAnEditedSearchColumn() throws SQLException {
        appendFive();
        sql("UPDATE audit_record SET outcome = 'APPROVE' WHERE sequence = 4");

        ChainVerification check = log.verify();

        assertBroken(check, 4, Problem.CHANGED);
        assertTrue(check.detail().contains("outcome"), check.detail());
    }

    @Test
    void catchesEditedPersonalData() throws SQLException {
        appendFive();
        sql("UPDATE audit_personal SET data = REPLACE(data, 'Jane Doe', 'John Roe') WHERE decision_id = 'dec-4'");

        ChainVerification check = log.verify();

        assertBroken(check, 4, Problem.CHANGED);
        assertEquals("the kept personal data does not match the record's commitment", check.detail());
    }

    @Test
    void catchesPersonalDataDeletedOrErasedOutsideAnErasure() throws SQLException {
        appendFive();
        sql("DELETE FROM audit_personal WHERE decision_id = 'dec-2'",
                "UPDATE audit_personal SET data = NULL, salt = NULL, erased_at = CURRENT_TIMESTAMP WHERE decision_id = 'dec-4'");

        ChainVerification deleted = log.verify();
        sql("INSERT INTO audit_personal (decision_id, erased_at) VALUES ('dec-2', CURRENT_TIMESTAMP)");
        ChainVerification erased = log.verify();

        assertBroken(deleted, 2, Problem.CHANGED);
        assertEquals("its personal data is missing: the row was deleted, not erased", deleted.detail());
        assertBroken(erased, 2, Problem.CHANGED);
        assertEquals("the personal data of decision dec-2 was erased, but no erasure record names it", erased.detail());
    }

    @Test
    void catchesADeletedRecord() throws SQLException {
        appendFive();
        sql("DELETE FROM audit_personal WHERE decision_id = 'dec-3'", "DELETE FROM audit_record WHERE sequence = 3");

        ChainVerification check = log.verify();

        assertBroken(check, 3, Problem.DELETED);
        assertEquals(2, check.recordsChecked());
    }

    @Test
    void catchesADeletedLastRecord() throws SQLException {
        appendFive();
        sql("DELETE FROM audit_personal WHERE decision_id = 'dec-5'", "DELETE FROM audit_record WHERE sequence = 5");

        assertBroken(log.verify(), 5, Problem.DELETED);
    }

    @Test
    void catchesADeletedRecordWhoseSuccessorsWereRenumbered() throws SQLException {
        appendFive();
        sql("DELETE FROM audit_personal WHERE decision_id = 'dec-2'", "DELETE FROM audit_record WHERE sequence = 2",
                "UPDATE audit_record SET sequence = 2 WHERE sequence = 3");

        assertBroken(log.verify(), 2, Problem.REORDERED);
    }

    @Test
    void catchesADeletedRecordWhoseSuccessorWasRenumberedAndRehashed() throws SQLException {
        appendFive();
        String json;
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_json FROM audit_record WHERE sequence = 3")) {
            rs.next();
            json = rs.getString(1);
        }
        String forged = json.replace("\"sequence\":3}", "\"sequence\":2}");
        sql("DELETE FROM audit_personal WHERE decision_id = 'dec-2'", "DELETE FROM audit_record WHERE sequence = 2");
        try (Connection c = raw(); PreparedStatement p = c.prepareStatement(
                "UPDATE audit_record SET sequence = 2, record_json = ?, record_hash = ? WHERE sequence = 3")) {
            p.setString(1, forged);
            p.setString(2, RecordDocument.sha256(forged));
            p.executeUpdate();
        }

        ChainVerification check = log.verify();

        assertBroken(check, 2, Problem.DELETED);
        assertTrue(check.detail().contains("previous hash"), check.detail());
    }

    @Test
    void catchesSwappedRecords() throws SQLException {
        appendFive();
        sql("UPDATE audit_record SET sequence = 1000 WHERE sequence = 2",
                "UPDATE audit_record SET sequence = 2 WHERE sequence = 3",
                "UPDATE audit_record SET sequence = 3 WHERE sequence = 1000");

        ChainVerification check = log.verify();

        assertBroken(check, 2, Problem.REORDERED);
        assertTrue(check.detail().contains("number 3"), check.detail());
    }

    @Test
    void erasesThePersonalDataOfAnApplicationAndStillVerifies() {
        appendFive();
        log.append(AuditFixtures.decided("dec-2b", "app-2", AuditFixtures.DAY_ONE.plusSeconds(86_400), "APPROVE", "1.1.0"));
        String commitment = log.find("dec-2").orElseThrow().personalDataCommitment();

        Erasure first = log.erase(ErasureRequest.ofApplication("app-2", "GDPR Art. 17(1)(a), request 1", "cli:ops", "cli"));
        Erasure second = log.erase(ErasureRequest.ofApplication("app-2", "GDPR Art. 17(1)(a), request 1", "cli:ops", "cli"));

        assertEquals(List.of("dec-2", "dec-2b"), first.erased());
        assertEquals(7, first.record().sequence(), "the erasure record is appended to the chain");
        assertNull(second.record(), "erasing twice erases nothing more and appends nothing");
        assertEquals(2, second.alreadyErased());
        AuditRecord erased = log.find("dec-2").orElseThrow();
        assertNull(erased.entry().rawInput());
        assertTrue(erased.inputErased());
        assertEquals(commitment, erased.personalDataCommitment());
        assertTrue(log.find("dec-1").orElseThrow().entry().rawInput().contains("app-1"));
        assertEquals(ChainVerification.intact(7), log.verify());
    }

    @Test
    void writesNothingOfAFailedAppendAndContinuesTheChainAfterwards() throws SQLException {
        appendFive();
        // The record insert succeeds, the personal-data insert fails: the transaction must roll back.
        sql("ALTER TABLE audit_personal RENAME TO audit_personal_away");
        try {
            AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                    () -> log.append(AuditFixtures.decided(6, "APPROVE", "1.1.0")));
            assertTrue(e.getMessage().contains("dec-6"), e.getMessage());
            assertEquals(5, count("audit_record"));
            try (Connection c = raw(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence FROM audit_chain_head")) {
                rs.next();
                assertEquals(5, rs.getLong(1));
            }
        } finally {
            sql("ALTER TABLE audit_personal_away RENAME TO audit_personal");
        }

        AuditRecord next = log.append(AuditFixtures.decided(7, "APPROVE", "1.1.0"));

        assertEquals(6, next.sequence());
        assertTrue(log.find("dec-6").isEmpty());
        assertEquals(ChainVerification.intact(6), log.verify());
    }

    @Test
    void anEntryTheStoreCannotKeepIsRefusedAsThatEntrysProblemNotAsAnOutage() {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        // model_versions is VARCHAR(2000): a value too long is a data exception (SQLState 22001).
        AuditEntry tooLong = AuditFixtures.decided(2, "APPROVE", "9".repeat(2100));

        AuditEntryRefusedException e = assertThrows(AuditEntryRefusedException.class, () -> log.append(tooLong));

        assertTrue(e.getMessage().contains("dec-2"), e.getMessage());
        assertTrue(e.sqlState().startsWith("22"), e.sqlState());
        assertTrue(log.find("dec-2").isEmpty());
        assertEquals(2, log.append(AuditFixtures.decided(3, "APPROVE", "1.0.0")).sequence());
        assertEquals(ChainVerification.intact(2), log.verify());
    }

    @Test
    void rejectsADuplicateDecisionIdWithoutFailingOthers() throws Exception {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.append(AuditFixtures.decided(1, "DECLINE", "1.0.0")));
        assertTrue(e.getMessage().contains("dec-1"), e.getMessage());

        assertEquals(2, log.append(AuditFixtures.decided(2, "APPROVE", "1.0.0")).sequence());
        assertEquals(ChainVerification.intact(2), log.verify());
    }

    @Test
    void aDuplicateInASharedCommitFailsAloneAndTheOthersAreWritten() throws Exception {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        long before = log.acceptedAppends();
        List<Thread> callers = new ArrayList<>();
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Connection blocker = raw(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
            for (int n : new int[] {2, 3, 1, 4, 5}) {
                AuditEntry entry = AuditFixtures.decided(n, "DECLINE", "1.0.0");
                Thread t = new Thread(() -> {
                    try {
                        written.add(log.append(entry).entry().decisionId());
                    } catch (IllegalArgumentException e) {
                        refused.add(entry.decisionId());
                    }
                });
                callers.add(t);
                t.start();
            }
            while (log.acceptedAppends() < before + 5) {
                Thread.onSpinWait();
            }
            blocker.commit();
        }
        for (Thread t : callers) {
            t.join();
        }

        assertEquals(List.of("dec-1"), refused);
        assertEquals(Set.of("dec-2", "dec-3", "dec-4", "dec-5"), Set.copyOf(written));
        assertEquals("APPROVE", log.find("dec-1").orElseThrow().entry().outcome());
        assertEquals(ChainVerification.intact(5), log.verify());
    }

    @Test
    void keepsTheChainWhenReopened() {
        appendFive();
        log.close();
        log = openExisting();

        AuditRecord sixth = log.append(AuditFixtures.decided(6, "APPROVE", "1.1.0"));

        assertEquals(6, sixth.sequence());
        assertEquals(ChainVerification.intact(6), log.verify());
    }

    @Test
    void refusesAppendsOnceClosed() {
        log = openLog();
        log.close();
        assertThrows(AuditUnavailableException.class, () -> log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0")));
    }

    /** Opens the log again on the same store, without emptying it. */
    protected abstract JdbcAuditLog openExisting();

    protected long count(String table) throws SQLException {
        try (Connection c = raw(); PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void assertBroken(ChainVerification check, long sequence, Problem problem) {
        assertFalse(check.intact(), "chain should be broken");
        assertEquals(sequence, check.firstBadSequence(), check::summary);
        assertEquals(problem, check.problem(), check::summary);
        assertNotEquals(null, check.detail());
    }

    static List<String> ids(List<AuditRecord> records) {
        return records.stream().map(r -> r.entry().decisionId()).toList();
    }
}
