package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.credence.rules.audit.proof.Checkpoint;
import io.credence.rules.audit.proof.JdbcTreeNodes;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.TreeAudit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The audit store opened for reading only, as an auditor opens it: it migrates nothing, creates
 * nothing (not even an H2 file) and runs only SELECTs in read-only transactions, so a database
 * role with nothing but SELECT on the audit tables is enough.
 *
 * <pre>{@code
 * try (AuditStoreReader store = AuditStoreReader.open(AuditStoreSettings.of(url, "auditor", secret))) {
 *     ChainVerification check = store.verify();
 * }
 * }</pre>
 *
 * <p>When the database, its schema or one of the tables the chain walk reads does not exist,
 * {@link #open} fails with {@link AuditStoreMissingException}.
 */
public final class AuditStoreReader implements AutoCloseable {

    /** The tables the chain walk reads; an auditor's role needs SELECT on these. */
    public static final List<String> CHAIN_TABLES = List.of("audit_chain_head", "audit_record", "audit_input");
    /**
     * What an auditor's role needs SELECT on: the chain, the Merkle tree (schema version 4) and the
     * personal data kept apart (schema version 5: the walk checks it against each record's commitment).
     */
    public static final List<String> AUDITOR_TABLES = List.of("audit_chain_head", "audit_record", "audit_input",
            "audit_tree", "audit_personal");

    /** H2's "database not found" (90013) and "not found, and IFEXISTS=TRUE" (90146); PostgreSQL's 3D000. */
    private static final Set<String> NO_DATABASE = Set.of("90013", "90146", "3D000");

    private final AuditStoreSettings settings;
    private final Connection connection;

    private AuditStoreReader(AuditStoreSettings settings, Connection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    /**
     * Opens an existing store for reading.
     *
     * @throws AuditStoreMissingException when there is no store at the URL (nothing is created)
     * @throws AuditUnavailableException  when the store cannot be reached or read
     * @throws IllegalArgumentException   when the URL is of another database
     */
    public static AuditStoreReader open(AuditStoreSettings settings) {
        Dialect dialect = Dialect.of(settings.url());
        Connection c;
        try {
            c = connect(settings, dialect);
        } catch (SQLException e) {
            if (NO_DATABASE.contains(e.getSQLState())) {
                throw missing(settings, "the database does not exist", e);
            }
            throw new AuditUnavailableException("cannot open the audit store at " + settings.safeUrl() + " for reading: "
                    + SafeUrl.of(e.getMessage()) + " (SQLState " + e.getSQLState() + ")", e);
        }
        try {
            if (c.getSchema() == null) {
                throw missing(settings, "the connection has no current schema (no schema of its search_path exists)", null);
            }
            for (String table : CHAIN_TABLES) {
                if (!dialect.hasTable(c, table)) {
                    throw missing(settings, "table " + table + " not found in schema " + c.getSchema(), null);
                }
            }
            c.setReadOnly(true);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return new AuditStoreReader(settings, c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            SQLException sql = (SQLException) e;
            throw new AuditUnavailableException("cannot read the audit store at " + settings.safeUrl() + ": "
                    + SafeUrl.of(sql.getMessage()) + " (SQLState " + sql.getSQLState() + ")", sql);
        }
    }

    /** Walks the whole chain in one repeatable-read, read-only transaction. */
    public ChainVerification verify() {
        try {
            try {
                ChainVerification result = JdbcAuditLog.verify(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                SchemaMigrator.rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("verify the chain", e);
        }
    }

    /**
     * Checks the records against checkpoints kept outside the store ({@link TreeAudit}), and the
     * store's own Merkle tree against its records when the store has one (schema version 4).
     *
     * @param witness checkpoints whose signatures were checked, in file order
     */
    public TreeAudit.Result treeAudit(List<Checkpoint> witness) {
        try {
            try {
                TreeAudit audit = new TreeAudit();
                try (Statement s = connection.createStatement()) {
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery("SELECT record_hash FROM audit_record ORDER BY sequence")) {
                        while (rs.next()) {
                            audit.add(rs.getString(1));
                        }
                    }
                }
                Dialect dialect = Dialect.of(settings.url());
                // A store of schema version 4 or 5 keeps its tree in the older layout, which this
                // read-only check does not read: its records are still checked against every
                // checkpoint; the service's next open converts the tree (V6__packed_tree.sql).
                MerkleTree stored = dialect.hasColumn(connection, JdbcTreeNodes.TABLE, JdbcTreeNodes.LAYOUT_COLUMN)
                        ? new MerkleTree(JdbcTreeNodes.over(connection)) : null;
                TreeAudit.Result result = audit.result(stored, witness);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                SchemaMigrator.rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("check the records against the checkpoints", e);
        }
    }

    /** The record stored at a position of the chain, if any (e.g. the first bad one {@link #verify} names). */
    public Optional<AuditRecord> findBySequence(long sequence) {
        try (PreparedStatement p = connection.prepareStatement(JdbcAuditLog.recordSelect(
                Dialect.of(settings.url()).hasTable(connection, JdbcAuditLog.PERSONAL_TABLE)) + " WHERE r.sequence = ?")) {
            p.setLong(1, sequence);
            try (ResultSet rs = p.executeQuery()) {
                Optional<AuditRecord> found = rs.next() ? Optional.of(JdbcAuditLog.record(rs)) : Optional.empty();
                connection.commit();
                return found;
            }
        } catch (SQLException e) {
            SchemaMigrator.rollbackQuietly(connection, e);
            throw unavailable("find record " + sequence, e);
        }
    }

    /**
     * Hands every record to {@code action} in chain order, in one read-only transaction, fetching
     * in pages (for reports over the whole log, e.g. {@code credence models compare-live}).
     */
    public long forEachRecord(java.util.function.Consumer<AuditRecord> action) {
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(1_000);
            long n = 0;
            try (ResultSet rs = s.executeQuery(JdbcAuditLog.recordSelect(
                    Dialect.of(settings.url()).hasTable(connection, JdbcAuditLog.PERSONAL_TABLE)) + " ORDER BY r.sequence")) {
                while (rs.next()) {
                    action.accept(JdbcAuditLog.record(rs));
                    n++;
                }
            }
            connection.commit();
            return n;
        } catch (SQLException e) {
            SchemaMigrator.rollbackQuietly(connection, e);
            throw unavailable("read the records", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw unavailable("close", e);
        }
    }

    @Override
    public String toString() {
        return "AuditStoreReader[" + settings.safeUrl() + "]";
    }

    /**
     * A connection that finds only what exists: an H2 URL gets {@code IFEXISTS=TRUE}, so that no
     * database file is made. No statement timeout: a walk of a large store takes long.
     */
    private static Connection connect(AuditStoreSettings settings, Dialect dialect) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        String url = settings.url();
        if (dialect == Dialect.H2) {
            url = existingOnly(url);
        } else {
            props.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
            props.setProperty("tcpKeepAlive", "true");
        }
        DriverManager.setLoginTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        return DriverManager.getConnection(url, props);
    }

    /** The H2 URL that opens only an existing database. */
    static String existingOnly(String h2Url) {
        return h2Url.toLowerCase(Locale.ROOT).contains("ifexists=") ? h2Url : h2Url + ";IFEXISTS=TRUE";
    }

    private static AuditStoreMissingException missing(AuditStoreSettings settings, String what, SQLException cause) {
        return new AuditStoreMissingException("no audit store at " + settings.safeUrl() + ": " + what
                + "; nothing was created", cause);
    }

    private AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException("cannot " + what + " in the audit store at " + settings.safeUrl() + ": "
                + SafeUrl.of(e.getMessage()) + " (SQLState " + e.getSQLState() + ")", e);
    }
}
