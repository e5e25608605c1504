package io.credence.rules.service;

import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import java.sql.SQLException;

/**
 * The input-fault contract on a real PostgreSQL server, which refuses U+0000 in text. Runs when
 * {@code CREDENCE_TEST_PG_URL} is set (as {@code PostgresAuditLogTest}), and is skipped otherwise.
 */
class PostgresInputFaultAuditTest extends InputFaultAuditContract {

    @Override
    protected JdbcAuditLog openLog() {
        TestPostgres.assumeAvailable();
        try {
            TestPostgres.emptyStore();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the PostgreSQL audit store at " + TestPostgres.URL, e);
        }
        return JdbcAuditLog.open(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
    }
}
