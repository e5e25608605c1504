package io.credence.rules.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the audit schema up to date: runs the dialect's scripts {@code V1__*.sql},
 * {@code V2__*.sql}, ... that {@code audit_schema_version} does not list yet, each in its own
 * transaction, in order. Scripts are never edited once released; a change is a new script.
 */
final class SchemaMigrator {

    private SchemaMigrator() {
    }

    /** Applies missing scripts; returns the schema version afterwards. */
    static int migrate(Connection connection, Dialect dialect) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER PRIMARY KEY,"
                        + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            connection.commit();
            int version = 0;
            while (true) {
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement s = connection.createStatement()) {
                        // Two services starting at once must not both run a script.
                        s.execute("LOCK TABLE audit_schema_version IN EXCLUSIVE MODE");
                    }
                }
                version = currentVersion(connection);
                Script next = script(dialect, version + 1);
                if (next == null) {
                    connection.commit();
                    return version;
                }
                try (Statement s = connection.createStatement()) {
                    for (String sql : statements(next.text())) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO audit_schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, version + 1);
                    p.setString(2, next.name());
                    p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    p.executeUpdate();
                }
                connection.commit();
            }
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM audit_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private record Script(String name, String text) {
    }

    /** The script of a version, found through the folder's index file {@code scripts.index}. */
    private static Script script(Dialect dialect, int version) {
        String index = resource(dialect.scriptFolder() + "scripts.index");
        if (index == null) {
            throw new IllegalStateException("missing classpath resource " + dialect.scriptFolder() + "scripts.index");
        }
        for (String line : index.split("\\R")) {
            String name = line.strip();
            if (name.startsWith("V" + version + "__") && name.endsWith(".sql")) {
                String text = resource(dialect.scriptFolder() + name);
                if (text == null) {
                    throw new IllegalStateException("scripts.index lists " + name + " but " + dialect.scriptFolder()
                            + name + " is not on the classpath");
                }
                return new Script(name, text);
            }
        }
        return null;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** Splits a script on semicolons that end a line; drops comment lines. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
