package io.credence.rules.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class H2SchemaMigrationTest extends SchemaMigrationContract {

    @TempDir
    Path dir;

    @Override
    protected String url() {
        return "jdbc:h2:file:" + dir.resolve("audit");
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "";
    }

    @Override
    protected Connection raw() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }
}
