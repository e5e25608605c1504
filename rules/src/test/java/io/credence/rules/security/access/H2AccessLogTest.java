package io.credence.rules.security.access;

import io.credence.rules.audit.JdbcAuditLog;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2AccessLogTest extends AccessLogContract {

    @TempDir
    Path dir;

    @Override
    protected JdbcAuditLog openStore() {
        return JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
    }
}
