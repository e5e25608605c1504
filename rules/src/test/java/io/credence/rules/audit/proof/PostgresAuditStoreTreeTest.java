package io.credence.rules.audit.proof;

import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** {@link AuditStoreTreeContract} on PostgreSQL (CREDENCE_TEST_PG_URL; skipped without it). */
class PostgresAuditStoreTreeTest extends AuditStoreTreeContract {

    @Override
    JdbcAuditLog open() throws SQLException {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
        return reopen();
    }

    @Override
    JdbcAuditLog reopen() {
        return JdbcAuditLog.open(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    @Override
    List<String> storeOptions() {
        return List.of("--db", TestPostgres.URL, "--user", TestPostgres.USER, "--password", TestPostgres.PASSWORD);
    }

    @Override
    Connection connect() throws SQLException {
        return TestPostgres.connect();
    }
}
