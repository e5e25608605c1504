package io.credence.rules.audit.proof;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link JdbcTreeNodes} on an in-memory H2 database. */
class H2TreeNodesTest extends JdbcTreeNodesContract {

    private JdbcDataSource dataSource;
    private Connection keepAlive;

    @BeforeEach
    void createTable() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:merkle-" + UUID.randomUUID());
        dataSource.setUser("sa");
        keepAlive = dataSource.getConnection();
        JdbcTreeNodes.createTable(keepAlive);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        keepAlive.close();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
