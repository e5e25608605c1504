package io.credence.rules.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The test PostgreSQL server, when {@code CREDENCE_TEST_PG_URL} is set (e.g. from
 * {@code .ci/start-postgres.sh}); user and password are {@code credence} unless
 * {@code CREDENCE_TEST_PG_USER} / {@code CREDENCE_TEST_PG_PASSWORD} say otherwise.
 *
 * <pre>{@code
 * TestPostgres.assumeAvailable();   // skips the test without a server
 * TestPostgres.emptyStore();        // drops every audit_* table
 * JdbcAuditLog log = JdbcAuditLog.open(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
 * }</pre>
 */
public final class TestPostgres {

    public static final String URL = System.getenv("CREDENCE_TEST_PG_URL");
    public static final String USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    public static final String PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    private TestPostgres() {
    }

    public static boolean available() {
        return URL != null && !URL.isBlank();
    }

    public static void assumeAvailable() {
        assumeTrue(available(), "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL tests (start a server with"
                + " .ci/start-postgres.sh and export CREDENCE_TEST_PG_URL=<the URL it prints>)");
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** Drops every {@code audit_*} table of the current schema, whatever the schema version made. */
    public static void emptyStore() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_name LIKE 'audit!_%' ESCAPE '!'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                s.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + " CASCADE");
            }
        }
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
