package io.credence.rules.audit.proof;

import io.credence.rules.audit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link JdbcTreeNodes} on PostgreSQL, when {@code CREDENCE_TEST_PG_URL} is set; skipped otherwise. */
class PostgresTreeNodesTest extends JdbcTreeNodesContract {

    private PGSimpleDataSource dataSource;

    @BeforeEach
    void createTable() throws SQLException {
        TestPostgres.assumeAvailable();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestPostgres.URL);
        dataSource.setUser(TestPostgres.USER);
        dataSource.setPassword(TestPostgres.PASSWORD);
        try (Connection c = dataSource.getConnection()) {
            drop(c);
            JdbcTreeNodes.createTable(c);
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection()) {
                drop(c);
            }
        }
    }

    private static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + JdbcTreeNodes.TABLE);
        }
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
