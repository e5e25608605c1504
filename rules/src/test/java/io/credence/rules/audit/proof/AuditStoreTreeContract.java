package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.cli.AuditCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import picocli.CommandLine;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Merkle tree kept by a real audit store (H2 or PostgreSQL): grown in the append's
 * transaction, built for a store written before it, signed into checkpoints, proving receipts;
 * and the attacks on the store's tail and middle that the checkpoints outside it catch.
 */
abstract class AuditStoreTreeContract {

    static final KeyPair KEYS = SigningKeys.generate();

    @TempDir
    Path dir;

    /** A fresh, empty store. */
    abstract JdbcAuditLog open() throws Exception;

    /** The same store again (after {@link JdbcAuditLog#close()}). */
    abstract JdbcAuditLog reopen() throws Exception;

    abstract Connection connect() throws SQLException;

    /** The store's URL, user and password for {@code audit verify}. */
    abstract List<String> storeOptions();

    record Run(int exitCode, String out) {
    }

    /** {@code audit verify} against the store and the witness folder, as a reviewer runs it. */
    Run verifyCommand() throws Exception {
        Path pub = dir.resolve("audit-signing.pem.pub");
        if (!Files.exists(pub)) {
            Files.writeString(pub, SigningKeys.pem("PUBLIC KEY", KEYS.getPublic().getEncoded()));
        }
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(storeOptions());
        args.addAll(List.of("--checkpoints", dir.resolve("witness").toString(), "--public-key", pub.toString()));
        int code = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute(args.toArray(String[]::new));
        return new Run(code, out.toString());
    }

    /** Both the command (exit 1, the message) and {@link TreeAudit} find the problem. */
    void assertCaught(JdbcAuditLog log, String... phrases) throws Exception {
        TreeAudit.Result r = audit(log);
        assertFalse(r.intact());
        Run run = verifyCommand();
        assertEquals(AuditCommand.BROKEN, run.exitCode(), run.out());
        for (String phrase : phrases) {
            assertTrue(r.problem().contains(phrase), r.problem());
            assertTrue(run.out().contains(phrase), run.out());
        }
    }

    static List<AuditRecord> append(JdbcAuditLog log, int from, int count) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(log.append(AuditFixtures.decided(i, i % 3 == 0 ? "DECLINE" : "APPROVE", "1.0.0")));
        }
        return out;
    }

    List<String> recordHashes(JdbcAuditLog log) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_hash FROM audit_record ORDER BY sequence")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    Checkpointer checkpointer(JdbcAuditLog log) {
        return Checkpointer.start(log.tree(), new JdbcCheckpoints(log.pool()), new CheckpointSigner(KEYS),
                new CheckpointFile(dir.resolve("witness")), 1_000_000, Duration.ofHours(1), Clock.systemUTC());
    }

    TreeAudit.Result audit(JdbcAuditLog log) throws SQLException {
        return TreeAudit.check(recordHashes(log).iterator(), log.tree(),
                new CheckpointFile(dir.resolve("witness")).readVerified(KEYS.getPublic()));
    }

    @Test
    void everyAppendGrowsTheTreeToTheRecordsAndItsRootIsTheRfc9162RootOfTheirHashes() throws Exception {
        try (JdbcAuditLog log = open()) {
            List<AuditRecord> written = append(log, 1, 23);
            MerkleTree reference = new MerkleTree(new InMemoryTreeNodes());
            written.forEach(r -> reference.append(r.receipt().leafData()));

            assertEquals(23, log.tree().size());
            assertEquals(reference.root(), log.tree().root());
            for (AuditRecord r : written) {
                assertEquals(r.sequence() - 1, r.receipt().leafIndex());
                assertEquals(r.receipt().leafHash(), log.tree().leafHash(r.receipt().leafIndex()));
            }
        }
    }

    @Test
    void aStoreWrittenBeforeTheTreeGetsItsTreeBuiltWhenOpened() throws Exception {
        List<String> hashes;
        try (JdbcAuditLog log = open()) {
            append(log, 1, 12);
            hashes = recordHashes(log);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_tree");   // as a version-3 store has none
        }
        try (JdbcAuditLog log = reopen()) {
            MerkleTree reference = new MerkleTree(new InMemoryTreeNodes());
            hashes.forEach(h -> reference.append(java.util.HexFormat.of().parseHex(h)));
            assertEquals(12, log.tree().size());
            assertEquals(reference.root(), log.tree().root());
            append(log, 13, 3);
            assertEquals(15, log.tree().size());
            assertTrue(audit(log).intact());
        }
    }

    @Test
    void checkpointsAreSignedStoredAndExportedAndEveryReceiptProvesAgainstTheLatest() throws Exception {
        try (JdbcAuditLog log = open()) {
            List<AuditRecord> written = append(log, 1, 9);
            try (Checkpointer checkpoints = checkpointer(log)) {
                Checkpoint first = checkpoints.checkpointNow().orElseThrow();
                assertEquals(9, first.treeSize());
                written.addAll(append(log, 10, 4));
                ProofService proofs = new ProofService(log.tree(), checkpoints);
                assertTrue(proofs.prove(written.get(12).receipt()) instanceof ProofService.Pending,
                        "record 13 is newer than the checkpoint");
                checkpoints.checkpointNow();
                for (AuditRecord r : written) {
                    InclusionProofDocument doc = ((ProofService.Proved) proofs.prove(r.receipt())).document();
                    assertTrue(doc.verify(KEYS.getPublic()).valid(), r.entry().decisionId());
                    assertEquals(13, doc.treeSize());
                }
            }
            List<Checkpoint> stored = new JdbcCheckpoints(log.pool()).all();
            assertEquals(List.of(9L, 13L), stored.stream().map(Checkpoint::treeSize).toList());
            assertEquals(stored, new CheckpointFile(dir.resolve("witness")).readVerified(KEYS.getPublic()));
            assertTrue(audit(log).intact());
            Run run = verifyCommand();
            assertEquals(AuditCommand.INTACT, run.exitCode(), run.out());
            assertTrue(run.out().contains("checkpoints intact: 2 signed checkpoints match the records (the latest covers 13 of 13)"),
                    run.out());
        }
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsNotTrusted() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 3);
            try (Checkpointer checkpoints = Checkpointer.start(log.tree(), new JdbcCheckpoints(log.pool()),
                    new CheckpointSigner(SigningKeys.generate()), new CheckpointFile(dir.resolve("witness")), 1_000_000,
                    Duration.ofHours(1), Clock.systemUTC())) {
                checkpoints.checkpointNow();
            }
            Run run = verifyCommand();
            assertEquals(AuditCommand.BROKEN, run.exitCode(), run.out());
            assertTrue(run.out().contains("checkpoints NOT trusted") && run.out().contains("line 1"), run.out());
        }
    }

    @Test
    void deletingTheTailAndMovingTheHeadBackIsCaughtByTheCheckpoint() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 10);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
            }
        }
        truncate(7);
        try (JdbcAuditLog log = reopen()) {
            assertTrue(log.verify().intact(), "the chain alone does not see it");
            assertCaught(log, "the store holds 7 records, but checkpoint 1 (tree size 10",
                    "records 8 to 10 were deleted (the tail was cut off)");
        }
    }

    @Test
    void rewritingTheLastRecordAndRehashingIsCaughtByTheCheckpoint() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 10);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
            }
        }
        truncate(9);
        try (JdbcAuditLog log = reopen()) {
            // the attacker writes a new last record through the code itself: chain and tree rehashed
            log.append(AuditFixtures.decided(10, "APPROVE", "9.9.9"));
            assertTrue(log.verify().intact());
            assertCaught(log, "the records do not match checkpoint 1 (tree size 10", "from sequence 1 to 10 was rewritten");
        }
    }

    @Test
    void rewritingAMiddleRecordAndRehashingEveryLaterOneIsCaught() throws Exception {
        List<AuditRecord> original;
        try (JdbcAuditLog log = open()) {
            original = append(log, 1, 10);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
                original.addAll(append(log, 11, 5));
                checkpoints.checkpointNow();
            }
        }
        truncate(11);
        try (JdbcAuditLog log = reopen()) {
            log.append(AuditFixtures.decided(12, "APPROVE", "9.9.9"));   // 12 rewritten
            for (AuditRecord later : original.subList(12, 15)) {
                log.append(later.entry());
            }
            assertTrue(log.verify().intact());
            assertCaught(log, "the records do not match checkpoint 2 (tree size 15", "from sequence 11 to 15 was rewritten");
        }
    }

    @Test
    void aWipedStoreIsCaught() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 4);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
            }
        }
        truncate(0);
        try (JdbcAuditLog log = reopen()) {
            assertCaught(log, "the store holds no records, but checkpoint 1 (tree size 4", "the store was wiped or replaced");
        }
    }

    @Test
    void recordsDeletedWithoutTouchingTheTreeAreCaughtByTheStoresOwnTree() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 6);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_input WHERE decision_id IN (SELECT decision_id FROM audit_record"
                    + " WHERE sequence > 4)");
            s.executeUpdate("DELETE FROM audit_personal WHERE decision_id IN (SELECT decision_id FROM audit_record"
                    + " WHERE sequence > 4)");
            s.executeUpdate("DELETE FROM audit_record WHERE sequence > 4");
            try (PreparedStatement p = c.prepareStatement("UPDATE audit_chain_head SET last_sequence = 4,"
                    + " last_hash = (SELECT record_hash FROM audit_record WHERE sequence = 4) WHERE id = 1")) {
                p.executeUpdate();
            }
        }
        try (JdbcAuditLog log = reopen()) {
            TreeAudit.Result r = TreeAudit.check(recordHashes(log).iterator(), log.tree(), List.of());
            assertFalse(r.intact());
            assertTrue(r.problem().contains("tree holds 6 leaves but the store 4 records"), r.problem());
            // The append takes the tree's size from the chain head and the tree's own leaves refuse it.
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> append(log, 7, 1));
            assertTrue(e.getMessage().contains("the Merkle tree holds 6 leaves but the chain 4 records"), e.getMessage());
            assertEquals(6, log.tree().size(), "nothing was written");
        }
    }

    /**
     * What an attacker with write access does to cut the log back to {@code keep} records, tree
     * included, so that the store is consistent in itself.
     */
    void truncate(long keep) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            String later = "(SELECT decision_id FROM audit_record WHERE sequence > " + keep + ")";
            s.executeUpdate("DELETE FROM audit_input WHERE decision_id IN " + later);
            s.executeUpdate("DELETE FROM audit_personal WHERE decision_id IN " + later);
            s.executeUpdate("DELETE FROM audit_record WHERE sequence > " + keep);
            // The tree's rows of later leaves go; the row that straddles `keep` keeps its first
            // leaves and the nodes they completed, a prefix of its nodes.
            s.executeUpdate("DELETE FROM audit_tree WHERE first_leaf >= " + keep);
            try (ResultSet rs = s.executeQuery("SELECT first_leaf, nodes FROM audit_tree WHERE first_leaf + leaf_count > "
                    + keep)) {
                if (rs.next()) {
                    long first = rs.getLong(1);
                    int nodes = (int) (2 * (keep - first) - Long.bitCount(keep) + Long.bitCount(first));
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE audit_tree SET leaf_count = ?, nodes = ? WHERE first_leaf = ?")) {
                        p.setInt(1, (int) (keep - first));
                        p.setBytes(2, java.util.Arrays.copyOf(rs.getBytes(2), nodes * Hash.LENGTH));
                        p.setLong(3, first);
                        p.executeUpdate();
                    }
                }
            }
            String last = "0".repeat(64);
            try (ResultSet rs = s.executeQuery("SELECT record_hash FROM audit_record WHERE sequence = " + keep)) {
                if (rs.next()) {
                    last = rs.getString(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE audit_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1")) {
                p.setLong(1, keep);
                p.setString(2, last);
                p.executeUpdate();
            }
        }
    }
}
