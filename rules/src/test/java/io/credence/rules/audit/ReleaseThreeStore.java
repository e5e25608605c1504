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
 * A store as the release before Flyway wrote it: schema version 3 recorded in
 * {@code audit_schema_version} (no Flyway history), the idempotency secret, and records appended
 * as that release's writer appended them. The migration below is that release's
 * {@code SchemaMigrator}, kept here only to make such stores; the append is its {@code commit}.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection(url, user, password)) {
 *     ReleaseThreeStore.create(c);
 *     List<AuditRecord> written = ReleaseThreeStore.append(c, List.of(entry1, entry2, entry3));
 * }
 * }</pre>
 */
public final class ReleaseThreeStore {

    /** The released scripts, in the order of that release's {@code scripts.index}. */
    static final List<String> SCRIPTS = List.of("V1__audit_chain.sql", "V2__idempotency.sql", "V3__access_log.sql");
    /** The idempotency secret of the store (hex of 32 bytes). */
    public static final String SECRET = "5e".repeat(32);

    private ReleaseThreeStore() {
    }

    /** Runs V1..V3 the way the release did and makes the store's secret, as its first open did. */
    public static void create(Connection connection) throws SQLException {
        Dialect dialect = Dialect.of(connection.getMetaData().getURL());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER PRIMARY KEY,"
                        + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            connection.commit();
            for (int i = 0; i < SCRIPTS.size(); i++) {
                String name = SCRIPTS.get(i);
                try (Statement s = connection.createStatement()) {
                    for (String sql : statements(resource(dialect, name))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO audit_schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, i + 1);
                    p.setString(2, name);
                    p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    p.executeUpdate();
                }
                connection.commit();
            }
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO audit_secret (name, secret) VALUES (?, ?)")) {
                p.setString(1, "idempotency");
                p.setString(2, SECRET);
                p.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Appends entries in one transaction, as the release's group commit did; returns what it stored. */
    public static List<AuditRecord> append(Connection c, List<AuditEntry> entries) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long sequence;
            String previous;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
                rs.next();
                sequence = rs.getLong(1);
                previous = rs.getString(2);
            }
            List<AuditRecord> stored = new ArrayList<>();
            try (PreparedStatement record = c.prepareStatement("INSERT INTO audit_record (sequence, decision_id,"
                    + " application_id, channel, received_at, decided_at, status, outcome, model_versions, input_sha256,"
                    + " previous_hash, record_hash, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement input = c.prepareStatement(
                         "INSERT INTO audit_input (decision_id, raw_input) VALUES (?, ?)")) {
                for (AuditEntry entry : entries) {
                    RecordDocument.Chained chained = RecordDocument.prepareFormatOne(entry).chain(++sequence, previous);
                    RecordDocument doc = chained.document();
                    AuditEntry e = doc.entry();
                    record.setLong(1, sequence);
                    record.setString(2, e.decisionId());
                    record.setString(3, e.applicationId());
                    record.setString(4, e.channel());
                    record.setObject(5, timestamp(e.receivedAt()));
                    record.setObject(6, timestamp(e.decidedAt()));
                    record.setString(7, e.status().name());
                    record.setString(8, e.outcome());
                    record.setString(9, RecordDocument.modelVersions(e));
                    record.setString(10, doc.inputSha256());
                    record.setString(11, previous);
                    record.setString(12, chained.hash());
                    record.setString(13, doc.json());
                    record.executeUpdate();
                    if (entry.rawInput() != null) {
                        input.setString(1, e.decisionId());
                        input.setString(2, entry.rawInput());
                        input.executeUpdate();
                    }
                    stored.add(new AuditRecord(sequence, entry, doc.inputSha256(), previous, chained.hash(), null));
                    previous = chained.hash();
                }
            }
            try (PreparedStatement head = c.prepareStatement(
                    "UPDATE audit_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1")) {
                head.setLong(1, sequence);
                head.setString(2, previous);
                head.executeUpdate();
            }
            c.commit();
            return stored;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static OffsetDateTime timestamp(java.time.Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String resource(Dialect dialect, String script) {
        String name = "io/credence/rules/audit/db/" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "/" + script;
        try (InputStream in = ReleaseThreeStore.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("released script " + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The release's statement splitter: semicolons that end a line; comment lines dropped. */
    private static List<String> statements(String script) {
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
}
