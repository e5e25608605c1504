package io.credence.rules.service;

import io.credence.rules.audit.JdbcAuditLog;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2InputFaultAuditTest extends InputFaultAuditContract {

    @TempDir
    Path dir;

    @Override
    protected JdbcAuditLog openLog() {
        return JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
    }
}
