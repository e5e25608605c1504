package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import io.credence.rules.audit.proof.InMemoryTreeNodes;
import io.credence.rules.audit.proof.JdbcTreeNodes;
import io.credence.rules.audit.proof.MerkleTree;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * How the audit schema is migrated, on every database: Flyway's history, checksums, and the
 * adoption of stores written before Flyway. Expected versions come from the scripts on the
 * classpath, so a new {@code V<n>__*.sql} needs no change here.
 */
abstract class SchemaMigrationContract {

    protected abstract String url();

    protected abstract String user();

    protected abstract String password();

    protected abstract Connection raw() throws SQLException;

    protected final Dialect dialect() {
        return Dialect.of(url());
    }

    protected final JdbcAuditLog open() {
        return JdbcAuditLog.open(url(), user(), password());
    }

    protected final MigrationInfoService info() {
        return SchemaMigrator.flyway(url(), AuditStoreSettings.of(url(), user(), password()), dialect(), "0").info();
    }

    /** The highest version among the scripts on the classpath. */
    protected final MigrationVersion latestScript() {
        return Arrays.stream(info().all()).filter(m -> m.getType() == CoreMigrationType.SQL).map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    protected final long historyRows() throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + SchemaMigrator.HISTORY_TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected final boolean hasTable(String table) throws SQLException {
        try (Connection c = raw()) {
            return dialect().hasTable(c, table);
        }
    }

    private static List<AuditEntry> threeEntries() {
        return List.of(AuditFixtures.decided(1, "APPROVE", "1.0.0"), AuditFixtures.decided(2, "DECLINE", "1.0.0"),
                AuditFixtures.decided(3, "REFER", "1.0.0"));
    }

    @Test
    void migratesAnEmptyStoreToTheLatestScriptInFlywaysHistory() throws SQLException {
        try (JdbcAuditLog log = open()) {
            assertEquals(1, log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0")).sequence());
        }

        MigrationInfoService info = info();
        assertEquals(0, info.pending().length, () -> Arrays.toString(info.pending()));
        assertEquals(latestScript(), info.current().getVersion());
        List<String> applied = new ArrayList<>();
        for (MigrationInfo m : info.applied()) {
            assertEquals(CoreMigrationType.SQL, m.getType(), m.getScript());
            assertTrue(m.getState().isApplied() && !m.getState().isFailed(), m.getScript() + " " + m.getState());
            applied.add(m.getVersion().getVersion());
        }
        assertEquals(List.of("1", "2", "3"), applied.subList(0, 3));
        assertFalse(hasTable(SchemaMigrator.LEGACY_TABLE), "a new store has no table of the release before Flyway");
    }

    @Test
    void aSecondOpenRunsNoScriptAndKeepsTheRecords() throws SQLException {
        try (JdbcAuditLog log = open()) {
            log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        }
        long rows = historyRows();

        try (JdbcAuditLog log = open()) {
            assertEquals(ChainVerification.intact(1), log.verify());
        }

        assertEquals(rows, historyRows());
        assertEquals(0, info().pending().length);
    }

    @Test
    void refusesToOpenAStoreWhoseAppliedScriptNoLongerMatchesItsChecksum() throws SQLException {
        open().close();
        try (Connection c = raw(); Statement s = c.createStatement()) {
            // Flyway's columns are lower case, quoted: "checksum" is the same column in H2 and PostgreSQL.
            assertEquals(1, s.executeUpdate("UPDATE " + SchemaMigrator.HISTORY_TABLE
                    + " SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'"));
        }
        long rows = historyRows();

        AuditUnavailableException e = assertThrows(AuditUnavailableException.class, this::open);

        assertTrue(e.getMessage().contains("does not match the released migration scripts"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch for migration version 1"), e.getMessage());
        assertEquals(rows, historyRows(), "nothing was migrated");
    }

    @Test
    void adoptsAVersionThreeStoreOfTheReleaseBeforeFlywayAndRunsOnlyNewerScripts() throws Exception {
        List<AuditRecord> written;
        try (Connection c = raw()) {
            ReleaseThreeStore.create(c);
            written = ReleaseThreeStore.append(c, threeEntries());
        }
        assertFalse(hasTable(SchemaMigrator.HISTORY_TABLE));

        try (JdbcAuditLog log = open()) {
            assertEquals(ChainVerification.intact(3), log.verify());
            for (AuditRecord before : written) {
                AuditRecord after = log.find(before.entry().decisionId()).orElseThrow();
                assertEquals(before.sequence(), after.sequence());
                assertEquals(before.recordHash(), after.recordHash());
                assertEquals(before.entry().rawInput(), after.entry().rawInput());
            }
            // The store's own secret is kept: idempotency keys made before stay valid.
            assertEquals(hmac(ReleaseThreeStore.SECRET, "{\"a\":1}"), log.inputKey("{\"a\":1}"));
            // The Merkle tree (version 4) was built for the records the store held.
            io.credence.rules.audit.proof.MerkleTree reference =
                    new io.credence.rules.audit.proof.MerkleTree(new io.credence.rules.audit.proof.InMemoryTreeNodes());
            written.forEach(r -> reference.append(r.receipt().leafData()));
            assertEquals(3, log.tree().size());
            assertEquals(reference.root(), log.tree().root());
            assertEquals(4, log.append(AuditFixtures.decided(4, "APPROVE", "1.0.0")).sequence());
            assertEquals(ChainVerification.intact(4), log.verify());
            assertEquals(4, log.tree().size());
        }

        MigrationInfoService info = info();
        assertEquals(0, info.pending().length, () -> Arrays.toString(info.pending()));
        assertEquals(latestScript(), info.current().getVersion());
        MigrationInfo first = info.applied()[0];
        assertEquals(CoreMigrationType.BASELINE, first.getType());
        assertEquals("3", first.getVersion().getVersion());
        for (MigrationInfo m : info.applied()) {
            assertTrue(m.getType() == CoreMigrationType.BASELINE || m.getVersion().isNewerThan("3"),
                    "only scripts newer than 3 ran: " + m.getScript());
        }
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + SchemaMigrator.LEGACY_TABLE)) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the old version table is left as it was");
        }
    }

    @Test
    void adoptingTwiceRunsNothingTheSecondTime() throws Exception {
        try (Connection c = raw()) {
            ReleaseThreeStore.create(c);
            ReleaseThreeStore.append(c, threeEntries());
        }
        open().close();
        long rows = historyRows();

        try (JdbcAuditLog log = open()) {
            assertEquals(ChainVerification.intact(3), log.verify());
        }

        assertEquals(rows, historyRows());
    }

    @Test
    void aVersionFiveStoreGetsItsTreeInOneRowPerAppendAndEveryProofStillVerifies() throws Exception {
        List<AuditRecord> written = writeVersionFiveStore(20);
        try (AuditStoreReader reader = AuditStoreReader.open(AuditStoreSettings.of(url(), user(), password()))) {
            io.credence.rules.audit.proof.TreeAudit.Result before = reader.treeAudit(List.of());
            assertTrue(before.intact(), "a read-only check of a version-5 store reads its records: " + before);
        }

        try (JdbcAuditLog log = open()) {
            assertEquals(latestScript().getVersion(), info().current().getVersion().getVersion());
            try (Connection c = raw()) {
                assertTrue(dialect().hasColumn(c, JdbcTreeNodes.TABLE, JdbcTreeNodes.LAYOUT_COLUMN));
                assertFalse(dialect().hasColumn(c, JdbcTreeNodes.TABLE, "level"), "the row-per-node table is gone");
            }
            MerkleTree tree = log.tree();
            assertEquals(20, tree.size());
            assertEquals(memoryTree(written).root(), tree.root());
            for (AuditRecord r : written) {
                io.credence.rules.audit.proof.Receipt receipt = r.receipt();
                io.credence.rules.audit.proof.InclusionProof proof = tree.inclusionProof(receipt.leafIndex(), 20);
                assertTrue(io.credence.rules.audit.proof.ProofVerifier.verifyInclusion(receipt.leafHash(),
                        receipt.leafIndex(), 20, proof.path(), tree.root()).valid(), "receipt " + receipt.leafIndex());
            }
            AuditRecord next = log.append(AuditFixtures.decided(21, "APPROVE", "1.0.0"));
            assertEquals(20, next.receipt().leafIndex());
            assertEquals(21, log.tree().size());
        }
    }

    @Test
    void aVersionFiveStoreWhoseRecordsDisagreeWithItsSignedCheckpointIsNotOpened() throws Exception {
        List<AuditRecord> written = writeVersionFiveStore(9);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            // the checkpoint the store signed at size 9, then record 4 rewritten (its hash with it)
            s.executeUpdate("INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at, key_id, line) VALUES (9, '"
                    + memoryTree(written).root().hex() + "', CURRENT_TIMESTAMP, 'test', 'test')");
            s.executeUpdate("UPDATE audit_record SET record_hash = '" + "ab".repeat(32) + "' WHERE sequence = 4");
        }
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class, this::open);
        assertTrue(e.getMessage().contains("records were changed after it was signed"), e.getMessage());
        assertTrue(e.getMessage().contains("at size 9"), e.getMessage());
    }

    /**
     * A store as version 5 left it: records of this release, its tree in the row-per-node table
     * of {@code V4__merkle_tree.sql}, and Flyway's history ending at version 5.
     */
    private List<AuditRecord> writeVersionFiveStore(int records) throws SQLException {
        List<AuditRecord> written = new ArrayList<>();
        try (JdbcAuditLog log = open()) {
            for (int i = 1; i <= records; i++) {
                written.add(log.append(AuditFixtures.decided(i, i % 2 == 0 ? "APPROVE" : "DECLINE", "1.0.0")));
            }
        }
        MerkleTree memory = memoryTree(written);
        InMemoryTreeNodes nodes = memoryNodes(written);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE audit_tree");
            s.executeUpdate("CREATE TABLE audit_tree (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash "
                    + (dialect() == Dialect.H2 ? "BINARY(32)" : "BYTEA") + " NOT NULL, PRIMARY KEY (level, idx))");
            try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO audit_tree (level, idx, hash) VALUES (?, ?, ?)")) {
                for (int level = 0; (records >> level) > 0; level++) {
                    for (long idx = 0; idx < (records >> level); idx++) {
                        p.setInt(1, level);
                        p.setLong(2, idx);
                        p.setBytes(3, nodes.node(level, idx).bytes());
                        p.executeUpdate();
                    }
                }
            }
            assertEquals(1, s.executeUpdate("DELETE FROM " + SchemaMigrator.HISTORY_TABLE + " WHERE \"version\" = '6'"));
            undoVersionSeven(s);
        }
        assertEquals(records, memory.size());
        return written;
    }

    /**
     * Takes a store of version 7 back to 6: the input keys back in {@code audit_idempotency} (as
     * {@code V2__idempotency.sql} made it), the record's column and index of version 7 gone,
     * {@code record_hash} unique again, and Flyway's history ending before version 7.
     */
    private void undoVersionSeven(Statement s) throws SQLException {
        s.executeUpdate("CREATE TABLE audit_idempotency (application_id VARCHAR(200) NOT NULL, input_key CHAR(64) NOT NULL,"
                + " decision_id VARCHAR(100) NOT NULL UNIQUE REFERENCES audit_record (decision_id),"
                + " PRIMARY KEY (application_id, input_key))");
        s.executeUpdate("INSERT INTO audit_idempotency (application_id, input_key, decision_id)"
                + " SELECT application_id, input_key, decision_id FROM audit_record WHERE input_key IS NOT NULL");
        s.executeUpdate("DROP INDEX audit_record_application_key");
        s.executeUpdate("ALTER TABLE audit_record DROP COLUMN input_key");
        s.executeUpdate("CREATE INDEX audit_record_application_id ON audit_record (application_id)");
        s.executeUpdate("ALTER TABLE audit_record ADD CONSTRAINT audit_record_hash_unique UNIQUE (record_hash)");
        assertEquals(1, s.executeUpdate("DELETE FROM " + SchemaMigrator.HISTORY_TABLE + " WHERE \"version\" = '7'"));
    }

    @Test
    void aVersionSixStoreKeepsRefusingTheIdenticalApplicationWithItsKeysInTheRecords() throws Exception {
        List<AuditEntry> keyed = new ArrayList<>();
        try (JdbcAuditLog log = open()) {
            for (int i = 1; i <= 4; i++) {
                AuditEntry e = AuditFixtures.decided(i, "APPROVE", "1.0.0");
                keyed.add(AuditFixtures.keyed(e, log.inputKey(e.rawInput())));
                log.append(keyed.get(i - 1));
            }
            log.append(AuditFixtures.decided(5, "DECLINE", "1.0.0"));   // no key
        }
        try (Connection c = raw(); Statement s = c.createStatement()) {
            undoVersionSeven(s);
        }
        assertEquals("6", info().current().getVersion().getVersion());

        try (JdbcAuditLog log = open()) {
            assertEquals("7", info().current().getVersion().getVersion());
            assertFalse(hasTable("audit_idempotency"), "the keys moved into the records");
            try (Connection c = raw(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT decision_id, input_key FROM audit_record ORDER BY sequence")) {
                for (AuditEntry e : keyed) {
                    assertTrue(rs.next());
                    assertEquals(e.decisionId(), rs.getString(1));
                    assertEquals(e.inputKey(), rs.getString(2));
                }
                assertTrue(rs.next());
                assertEquals(null, rs.getString(2), "a record without a key keeps none");
            }
            AuditEntry again = keyed.get(2);
            assertEquals(again.decisionId(), log.history(again.applicationId(), again.inputKey()).sameInputDecisionId());
            AuditEntry retry = AuditFixtures.keyed(AuditFixtures.decided("dec-retry", again.applicationId(),
                    again.decidedAt().plusSeconds(1), "APPROVE", "1.0.0"), again.inputKey());
            DuplicateInputException refused = assertThrows(DuplicateInputException.class, () -> log.append(retry));
            assertEquals(again.decisionId(), refused.existingDecisionId());
            // Another application with the same content, and the same application without a key, are recorded.
            log.append(AuditFixtures.keyed(AuditFixtures.decided("dec-other", "app-other", again.decidedAt().plusSeconds(2),
                    "APPROVE", "1.0.0"), again.inputKey()));
            log.append(AuditFixtures.decided("dec-unkeyed", again.applicationId(), again.decidedAt().plusSeconds(3),
                    "APPROVE", "1.0.0"));
            assertEquals(ChainVerification.intact(7), log.verify());
        }
    }

    private static InMemoryTreeNodes memoryNodes(List<AuditRecord> records) {
        InMemoryTreeNodes nodes = new InMemoryTreeNodes();
        MerkleTree tree = new MerkleTree(nodes);
        records.forEach(r -> tree.append(HexFormat.of().parseHex(r.recordHash())));
        return nodes;
    }

    private static MerkleTree memoryTree(List<AuditRecord> records) {
        return new MerkleTree(memoryNodes(records));
    }

    private static String hmac(String hexSecret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(hexSecret), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
