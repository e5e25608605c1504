package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** The erasure contract on PostgreSQL ({@code CREDENCE_TEST_PG_URL}); rows only: see docs/audit.md on VACUUM. */
class PostgresErasureTest extends ErasureContract {

    @Override
    void emptyStore() throws SQLException {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
    }

    @Override
    JdbcAuditLog open() {
        return JdbcAuditLog.open(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    @Override
    Connection connect() throws SQLException {
        return TestPostgres.connect();
    }
}
