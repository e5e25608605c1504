package io.credence.rules.audit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditStoreReader;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.ReleaseThreeStore;
import io.credence.rules.audit.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("audit");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private void threeRecords(String url, String user, String password) {
        try (JdbcAuditLog log = JdbcAuditLog.open(url, user, password)) {
            log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
            log.append(AuditFixtures.decided(2, "DECLINE", "1.0.0"));
            log.append(AuditFixtures.decided(3, "REFER", "1.0.0"));
        }
    }

    private static void tamper(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void exitsZeroWhenTheChainIsIntact() {
        threeRecords(url(), "sa", "");

        Run run = run("verify", "--db", url(), "--user", "sa");

        assertEquals(AuditCommand.INTACT, run.exitCode(), run.err());
        assertTrue(run.out().contains("intact: 3 records verified"), run.out());
    }

    @Test
    void exitsOneAndPrintsTheFirstBadRecordWhenTheChainIsBroken() throws SQLException {
        threeRecords(url(), "sa", "");
        tamper(url(), "sa", "", "UPDATE audit_record SET outcome = 'APPROVE' WHERE sequence = 2");

        Run run = run("verify", "--db", url());

        assertEquals(AuditCommand.BROKEN, run.exitCode(), run.err());
        assertTrue(run.out().contains("first bad record: 2"), run.out());
        assertTrue(run.out().contains("problem: CHANGED"), run.out());
        assertTrue(run.out().contains("stored decision id: dec-2"), run.out());
    }

    @Test
    void erasesTheInputsOfAnApplicationAndTheChainStillVerifies() {
        threeRecords(url(), "sa", "");

        Run erase = run("erase-input", "--db", url(), "--application-id", "app-2", "--legal-basis", "GDPR Art. 17, ticket 9",
                "--by", "olga");
        Run again = run("erase", "--db", url(), "--application-id", "app-2", "--legal-basis", "GDPR Art. 17, ticket 9");
        Run unknown = run("erase", "--db", url(), "--application-id", "app-9", "--legal-basis", "GDPR Art. 17, ticket 9");
        Run neither = run("erase", "--db", url(), "--legal-basis", "GDPR Art. 17, ticket 9");
        Run verify = run("verify", "--db", url());

        assertEquals(AuditCommand.INTACT, erase.exitCode(), erase.err());
        assertTrue(erase.out().contains("erased the personal data of 1 record(s) of application app-2"), erase.out());
        assertTrue(erase.out().contains("erasure record: "), erase.out());
        try (JdbcAuditLog log = JdbcAuditLog.open(url(), "sa", "")) {
            AuditRecord record = log.findBySequence(4).orElseThrow();
            assertEquals("cli:olga", record.entry().requestedBy());
            assertEquals("GDPR Art. 17, ticket 9", record.entry().erasure().legalBasis());
        }
        assertEquals(AuditCommand.INTACT, again.exitCode(), again.err());
        assertTrue(again.out().contains("nothing left to erase"), again.out());
        assertEquals(AuditCommand.BROKEN, unknown.exitCode(), unknown.out());
        assertTrue(unknown.err().contains("no audit record of application app-9"), unknown.err());
        assertEquals(AuditCommand.UNAVAILABLE, neither.exitCode());
        assertEquals(AuditCommand.INTACT, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("intact: 4 records verified"), verify.out());
    }

    @Test
    void exitsTwoWhenTheStoreCannotBeReached() {
        Run run = run("verify", "--db", "jdbc:postgresql://127.0.0.1:1/credence?connectTimeout=2");

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode());
        assertTrue(run.err().contains("audit store unavailable"), run.err());
        assertTrue(run.err().contains("127.0.0.1:1"), run.err());
    }

    @Test
    void exitsTwoWhenErasingInAStoreThatCannotBeOpened() {
        Run run = run("erase-input", "--db", "jdbc:h2:file:/proc/credence/audit", "--application-id", "app-1",
                "--legal-basis", "GDPR Art. 17");

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode());
        assertTrue(run.err().contains("audit store unavailable"), run.err());
    }

    @Test
    void verifyOfAMissingH2StoreExitsTwoAndCreatesNoFile() throws IOException {
        String missing = "jdbc:h2:file:" + dir.resolve("data").resolve("credence-audit");

        Run run = run("verify", "--db", missing);

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode(), run.out());
        assertTrue(run.err().contains("no audit store at " + missing), run.err());
        assertTrue(run.err().contains("nothing was created"), run.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void verifyOfAnH2DatabaseWithoutTheAuditTablesExitsTwoAndCreatesNone() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
            c.createStatement().execute("CREATE TABLE unrelated (id INT)");
        }

        Run run = run("verify", "--db", url());

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode(), run.out());
        assertTrue(run.err().contains("table audit_chain_head not found"), run.err());
        try (Connection c = DriverManager.getConnection(url(), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = 'PUBLIC'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "only the table the test made");
        }
    }

    @Test
    void verifyReadsAStoreOfTheReleaseBeforeFlywayWithoutMigratingIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
            ReleaseThreeStore.create(c);
            ReleaseThreeStore.append(c, List.of(AuditFixtures.decided(1, "APPROVE", "1.0.0"),
                    AuditFixtures.decided(2, "DECLINE", "1.0.0")));
        }

        Run run = run("verify", "--db", url());

        assertEquals(AuditCommand.INTACT, run.exitCode(), run.err());
        assertTrue(run.out().contains("intact: 2 records verified"), run.out());
        try (Connection c = DriverManager.getConnection(url(), "sa", "");
             ResultSet rs = c.getMetaData().getTables(null, null, "AUDIT_FLYWAY_HISTORY", null)) {
            assertFalse(rs.next(), "verify made no Flyway history");
        }
    }

    @Test
    void verifyAsAPostgresRoleThatMayOnlySelectTheChainTablesExitsZero() throws Exception {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
        threeRecords(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
        String role = "credence_auditor_" + Long.toHexString(System.nanoTime());
        String secret = "auditor-" + Long.toHexString(System.nanoTime());
        try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
            try {
                s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + secret + "'");
            } catch (SQLException e) {
                assumeTrue(false, "the test user cannot create roles (" + e.getMessage() + "); give it CREATEROLE,"
                        + " as .ci/start-postgres.sh does");
            }
            s.execute("GRANT SELECT ON " + String.join(", ", AuditStoreReader.AUDITOR_TABLES) + " TO " + role);
        }
        Path passwordFile = dir.resolve("auditor-password");
        Files.writeString(passwordFile, secret + "\n");
        try {
            Run run = run("verify", "--db", TestPostgres.URL, "--user", role, "--password-file", passwordFile.toString());

            assertEquals(AuditCommand.INTACT, run.exitCode(), run.err());
            assertTrue(run.out().contains("intact: 3 records verified"), run.out());
            // The role cannot write: the same store opened for appending is refused, nothing changes.
            assertThrows(AuditUnavailableException.class, () -> JdbcAuditLog.open(TestPostgres.URL, role, secret).close());
        } finally {
            try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
                s.execute("REVOKE ALL ON " + String.join(", ", AuditStoreReader.AUDITOR_TABLES) + " FROM " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void verifyOfAPostgresDatabaseWithoutTheAuditTablesExitsTwoAndCreatesNone() throws SQLException {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();

        Run run = run("verify", "--db", TestPostgres.URL, "--user", TestPostgres.USER, "--password", TestPostgres.PASSWORD);

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode(), run.out());
        assertTrue(run.err().contains("no audit store at " + TestPostgres.URL), run.err());
        assertTrue(run.err().contains("table audit_chain_head not found"), run.err());
        try (Connection c = TestPostgres.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_name LIKE 'audit!_%' ESCAPE '!'")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void verifyOfAMissingPostgresDatabaseExitsTwo() {
        TestPostgres.assumeAvailable();
        String missing = TestPostgres.URL.replaceFirst("/[^/?]+(\\?|$)", "/credence_no_such_db$1");

        Run run = run("verify", "--db", missing, "--user", TestPostgres.USER, "--password", TestPostgres.PASSWORD);

        assertEquals(AuditCommand.UNAVAILABLE, run.exitCode(), run.out());
        assertTrue(run.err().contains("no audit store at " + missing + ": the database does not exist"), run.err());
    }

    @Test
    void requiresAnApplicationIdToErase() {
        Run run = run("erase-input", "--db", url());

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--application-id"), run.err());
    }

    @Test
    void runsOnItsOwnAndReportsABrokenChainByExitCode() throws IOException, InterruptedException, SQLException {
        threeRecords(url(), "sa", "");
        tamper(url(), "sa", "", "DELETE FROM audit_personal WHERE decision_id = 'dec-3'");
        tamper(url(), "sa", "", "DELETE FROM audit_record WHERE sequence = 3");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                AuditCommand.class.getName(), "verify", "--db", url())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(AuditCommand.BROKEN, process.waitFor(), output);
        assertTrue(output.contains("first bad record: 3"), output);
        assertTrue(output.contains("problem: DELETED"), output);
    }

    @Test
    void verifiesAChainInPostgres() throws Exception {
        String pg = System.getenv("CREDENCE_TEST_PG_URL");
        assumeTrue(pg != null && !pg.isBlank(), "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL CLI test"
                + " (start one with .ci/start-postgres.sh)");
        TestPostgres.emptyStore();
        threeRecords(pg, "credence", "credence");

        Path passwordFile = java.nio.file.Files.writeString(dir.resolve("db-password"), "credence\n");
        Run fromFile = run("verify", "--db", pg, "--user", "credence", "--password-file", passwordFile.toString());
        assertEquals(AuditCommand.INTACT, fromFile.exitCode(), fromFile.err());
        assertFalse(fromFile.err().contains("warning"), fromFile.err());
        Run onTheCommandLine = run("verify", "--db", pg, "--user", "credence", "--password", "credence");
        assertEquals(AuditCommand.INTACT, onTheCommandLine.exitCode(), onTheCommandLine.err());
        assertTrue(onTheCommandLine.err().contains("warning: --password is visible in the process list"),
                onTheCommandLine.err());
        tamper(pg, "credence", "credence", "UPDATE audit_record SET sequence = 1000 WHERE sequence = 1");
        Run broken = run("verify", "--db", pg, "--user", "credence", "--password-file", passwordFile.toString());
        assertEquals(AuditCommand.BROKEN, broken.exitCode(), broken.err());
        assertTrue(broken.out().contains("first bad record: 1"), broken.out());
    }
}
