package io.credence.rules.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.audit.JdbcAuditLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The input-fault contract on a real PostgreSQL server, which refuses U+0000 in text. Runs when
 * {@code CREDENCE_TEST_PG_URL} is set (as {@code PostgresAuditLogTest}), and is skipped otherwise.
 */
class PostgresInputFaultAuditTest extends InputFaultAuditContract {

    static final String URL = System.getenv("CREDENCE_TEST_PG_URL");
    static final String USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    static final String PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    protected JdbcAuditLog openLog() {
        assumeTrue(URL != null && !URL.isBlank(), "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL input-fault tests");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS audit_access, audit_idempotency, audit_secret, audit_input, audit_input_away, audit_record, audit_chain_head,"
                    + " audit_schema_version");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the PostgreSQL audit store at " + URL, e);
        }
        return JdbcAuditLog.open(URL, USER, PASSWORD);
    }
}
