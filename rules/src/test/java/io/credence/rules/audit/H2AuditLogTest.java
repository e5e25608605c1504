package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2AuditLogTest extends AuditLogContract {

    @TempDir
    Path dir;

    private String url() {
        // A lock wait longer than H2's default second, for the test that holds the chain head's lock.
        return "jdbc:h2:file:" + dir.resolve("audit") + ";LOCK_TIMEOUT=60000";
    }

    @Override
    protected JdbcAuditLog openLog() {
        return JdbcAuditLog.open(url(), "sa", "");
    }

    @Override
    protected JdbcAuditLog openExisting() {
        return openLog();
    }

    @Override
    protected Connection raw() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }

    @Test
    void createsTheSchemaAtTheLatestVersionOnAFreshFile() throws SQLException {
        log = openLog();
        assertTrue(count("audit_flyway_history") >= 3, "every script is in Flyway's history");
        assertEquals(0, count("audit_access"));
        assertEquals(1, count("audit_secret"));
        assertEquals(1, count("audit_chain_head"));
    }

    @Test
    void failsAppendsWhileTheStoreIsDownAndRecoversAfterwards() throws SQLException {
        log = openLog();
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }

        AuditUnavailableException down = assertThrows(AuditUnavailableException.class,
                () -> log.append(AuditFixtures.decided(2, "APPROVE", "1.0.0")));
        assertTrue(down.getMessage().contains("dec-2"), down.getMessage());

        assertEquals(2, log.append(AuditFixtures.decided(3, "APPROVE", "1.0.0")).sequence());
        assertTrue(log.find("dec-2").isEmpty());
        assertEquals(ChainVerification.intact(2), log.verify());
    }

    @Test
    void keepsEveryReturnedAppendWhenTheProcessDiesRightAfter() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                AppendThenHalt.class.getName(), url(), "3")).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(137, child.waitFor(), output);
        assertTrue(output.contains("appended 3"), output);
        log = openLog();
        assertEquals(ChainVerification.intact(3), log.verify());
    }

    @Test
    void refusesToOpenAnUnwritableLocation() {
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> JdbcAuditLog.open("jdbc:h2:file:/proc/credence/audit", "sa", ""));
        assertTrue(e.getMessage().contains("/proc/credence/audit"), e.getMessage());
    }

    @Test
    void refusesAnUnsupportedDatabase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcAuditLog.open("jdbc:mysql://localhost/audit", "u", "p"));
        assertTrue(e.getMessage().contains("jdbc:mysql://localhost/audit"), e.getMessage());
    }

    @Test
    void makesH2CommitsWriteThroughAtOnce() {
        assertEquals("jdbc:h2:file:./x;WRITE_DELAY=0", JdbcAuditLog.durableH2Url("jdbc:h2:file:./x"));
        assertEquals("jdbc:h2:file:./x;write_delay=10", JdbcAuditLog.durableH2Url("jdbc:h2:file:./x;write_delay=10"));
    }
}
