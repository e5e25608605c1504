package io.credence.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A schema of its own on the test PostgreSQL server ({@code CREDENCE_TEST_PG_URL}), dropped on
 * close, so that tests sharing the database do not disturb each other.
 *
 * <pre>{@code
 * try (PostgresSchema pg = PostgresSchema.create()) {   // skips the test when no server is set
 *     String url = pg.url();
 * }
 * }</pre>
 */
final class PostgresSchema implements AutoCloseable {

    static final String URL = System.getenv("CREDENCE_TEST_PG_URL");
    static final String USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    static final String PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    private final String schema;

    private PostgresSchema(String schema) {
        this.schema = schema;
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static PostgresSchema create() throws SQLException {
        assumeTrue(URL != null && !URL.isBlank(), "CREDENCE_TEST_PG_URL is not set: skipping (start a server with"
                + " .ci/start-postgres.sh and export CREDENCE_TEST_PG_URL=<the URL it prints>)");
        String schema = "credence_it_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new PostgresSchema(schema);
    }

    /** The JDBC URL of the schema. */
    String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
