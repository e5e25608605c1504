package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuditStoreTreeContract} on an H2 file store. */
class H2AuditStoreTreeTest extends AuditStoreTreeContract {

    String url() {
        return "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
    }

    @Override
    JdbcAuditLog open() {
        return JdbcAuditLog.open(url(), "sa", "");
    }

    @Override
    JdbcAuditLog reopen() {
        return open();
    }

    @Override
    List<String> storeOptions() {
        return List.of("--db", url(), "--user", "sa");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }

    @Test
    void aStoreForkedFromASignedStateDoesNotMatchTheWitnessOfTheOriginal() throws Exception {
        try (JdbcAuditLog log = open()) {
            append(log, 1, 10);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
            }
        }
        Path fork = dir.resolve("fork");
        Files.createDirectories(fork);
        Files.copy(dir.resolve("audit.mv.db"), fork.resolve("audit.mv.db"));
        try (JdbcAuditLog log = open()) {
            append(log, 11, 5);
            try (Checkpointer checkpoints = checkpointer(log)) {
                checkpoints.checkpointNow();
            }
            assertTrue(audit(log).intact(), "the original matches its own witness");
        }
        String forkUrl = "jdbc:h2:file:" + fork.resolve("audit").toAbsolutePath();
        try (JdbcAuditLog forked = JdbcAuditLog.open(forkUrl, "sa", "")) {
            for (int i = 11; i < 16; i++) {
                forked.append(AuditFixtures.decided(i, "DECLINE", "6.6.6"));   // the other history
            }
            assertTrue(forked.verify().intact(), "the fork is a valid chain on its own");
            List<String> hashes = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(forkUrl, "sa", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT record_hash FROM audit_record ORDER BY sequence")) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
            TreeAudit.Result r = TreeAudit.check(hashes.iterator(), forked.tree(),
                    new CheckpointFile(dir.resolve("witness")).readVerified(KEYS.getPublic()));
            assertFalse(r.intact());
            assertTrue(r.problem().contains("do not match checkpoint 2") && r.problem().contains("from sequence 11 to 15"),
                    r.problem());
        }
    }
}
