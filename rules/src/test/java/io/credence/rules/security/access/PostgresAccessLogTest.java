package io.credence.rules.security.access;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/**
 * The access log on a real PostgreSQL server. Set {@code CREDENCE_TEST_PG_URL} (e.g. from
 * {@code .ci/start-postgres.sh}); user and password are {@code credence} unless
 * {@code CREDENCE_TEST_PG_USER} / {@code CREDENCE_TEST_PG_PASSWORD} say otherwise.
 */
class PostgresAccessLogTest extends AccessLogContract {

    static final String URL = System.getenv("CREDENCE_TEST_PG_URL");
    static final String USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    static final String PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @BeforeEach
    void emptyStore() throws SQLException {
        assumeTrue(URL != null && !URL.isBlank(), "CREDENCE_TEST_PG_URL is not set: skipping the PostgreSQL access log"
                + " tests (start a server with .ci/start-postgres.sh and export CREDENCE_TEST_PG_URL=<the URL it prints>)");
        TestPostgres.emptyStore();
    }

    @Override
    protected JdbcAuditLog openStore() {
        return JdbcAuditLog.open(URL, USER, PASSWORD);
    }
}
