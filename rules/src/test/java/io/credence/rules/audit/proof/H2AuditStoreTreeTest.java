package io.credence.rules.audit.proof;

import io.credence.rules.audit.JdbcAuditLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@link AuditStoreTreeContract} on an H2 file store. */
class H2AuditStoreTreeTest extends AuditStoreTreeContract {

    String url() {
        return "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
    }

    @Override
    JdbcAuditLog open() {
        return JdbcAuditLog.open(url(), "sa", "");
    }

    @Override
    JdbcAuditLog reopen() {
        return open();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }
}
