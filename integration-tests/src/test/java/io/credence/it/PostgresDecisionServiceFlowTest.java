package io.credence.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The end-to-end flow with the audit log on a real PostgreSQL server, in a schema of its own that
 * is dropped afterwards (so other tests using the same database are not disturbed). Runs when
 * {@code CREDENCE_TEST_PG_URL} is set (e.g. {@code export CREDENCE_TEST_PG_URL=$(.ci/start-postgres.sh)});
 * user and password are {@code credence} unless {@code CREDENCE_TEST_PG_USER} /
 * {@code CREDENCE_TEST_PG_PASSWORD} say otherwise.
 */
class PostgresDecisionServiceFlowTest extends DecisionServiceFlowContract {

    static final String URL = System.getenv("CREDENCE_TEST_PG_URL");
    static final String USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    static final String PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    String schema;

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        assumeTrue(URL != null && !URL.isBlank(),
                "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL end-to-end test (start a server with"
                        + " .ci/start-postgres.sh and export CREDENCE_TEST_PG_URL=<the URL it prints>)");
        schema = "credence_e2e_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    String auditUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    String auditUser() {
        return USER;
    }

    @Override
    String auditPassword() {
        return PASSWORD;
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(auditUrl(), USER, PASSWORD);
    }
}
