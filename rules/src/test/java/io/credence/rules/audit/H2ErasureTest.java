package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The erasure contract on an H2 file. The file's bytes are not scanned: {@code SHUTDOWN COMPACT}
 * rewrites the pages LZF-compressed (a kept name reads as {@code Jane Do} and a back-reference),
 * so a marker missing from the bytes would prove nothing. The rows are what is tested; see
 * docs/audit.md ("GDPR erasure") on compaction.
 */
class H2ErasureTest extends ErasureContract {

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("audit");
    }

    @Override
    JdbcAuditLog open() {
        return JdbcAuditLog.open(url(), "sa", "");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }
}
