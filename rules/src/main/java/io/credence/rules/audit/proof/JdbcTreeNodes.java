package io.credence.rules.audit.proof;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Tree nodes in the table {@code audit_tree(level, idx, hash)} on H2 2.x or PostgreSQL; the DDL
 * is the classpath resource {@code io/credence/rules/audit/proof/audit_tree-{h2,postgresql}.sql}:
 *
 * <pre>
 * CREATE TABLE audit_tree (
 *     level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
 *     idx BIGINT NOT NULL CHECK (idx &gt;= 0),
 *     hash BINARY(32) NOT NULL,            -- PostgreSQL: BYTEA NOT NULL CHECK (octet_length(hash) = 32)
 *     PRIMARY KEY (level, idx));
 * </pre>
 *
 * <p>Two ways to use it:
 *
 * <pre>{@code
 * // inside the audit log's transaction: writes join it, nothing is committed or closed here
 * new MerkleTree(JdbcTreeNodes.over(connection)).appendAll(recordHashes);
 * connection.commit();
 *
 * // on its own: every call borrows a connection; a write commits as one transaction
 * MerkleTree tree = new MerkleTree(JdbcTreeNodes.pooled(dataSource));
 * }</pre>
 *
 * <p>The primary key refuses a node written twice, so two writers racing for the same leaf
 * index fail (with a {@link TreeStoreException}) instead of forking the tree.
 */
public final class JdbcTreeNodes implements TreeNodes {

    /** The table's name. */
    public static final String TABLE = "audit_tree";

    // Both ORDER BY columns, so that H2 walks the primary key backwards and stops at the first row
    // (with "ORDER BY idx DESC" alone, or MAX(idx), it reads every leaf); PostgreSQL does either way.
    private static final String SIZE = "SELECT idx FROM " + TABLE
            + " WHERE level = 0 ORDER BY level DESC, idx DESC LIMIT 1";
    private static final String READ = "SELECT hash FROM " + TABLE + " WHERE level = ? AND idx = ?";
    private static final String INSERT = "INSERT INTO " + TABLE + " (level, idx, hash) VALUES (?, ?, ?)";

    private final Connection connection;
    private final DataSource dataSource;

    private JdbcTreeNodes(Connection connection, DataSource dataSource) {
        this.connection = connection;
        this.dataSource = dataSource;
    }

    /**
     * The tree on one connection, in whatever transaction the caller has open; never commits or
     * closes it. With auto-commit on, each node commits on its own: open a transaction for an
     * append that is all or nothing. Like the connection, not for use by two threads at once.
     */
    public static JdbcTreeNodes over(Connection connection) {
        if (connection == null) {
            throw new IllegalArgumentException("a connection is required");
        }
        return new JdbcTreeNodes(connection, null);
    }

    /** The tree through a pool: each call borrows a connection and a write commits its nodes as one transaction. */
    public static JdbcTreeNodes pooled(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("a data source is required");
        }
        return new JdbcTreeNodes(null, dataSource);
    }

    /**
     * Creates {@code audit_tree} when missing, with the script for the connection's database
     * (H2 or PostgreSQL). For tests and tools; a service gets the table from its schema migrations.
     */
    public static void createTable(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String dialect = product.contains("h2") ? "h2" : product.contains("postgres") ? "postgresql" : null;
        if (dialect == null) {
            throw new IllegalArgumentException("audit_tree has DDL for H2 and PostgreSQL, not for "
                    + connection.getMetaData().getDatabaseProductName());
        }
        try (Statement s = connection.createStatement()) {
            s.execute(ddl(dialect));
        }
    }

    /** The DDL script for {@code h2} or {@code postgresql}. */
    public static String ddl(String dialect) {
        String name = "io/credence/rules/audit/proof/audit_tree-" + dialect + ".sql";
        try (InputStream in = JdbcTreeNodes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no audit_tree DDL for dialect '" + dialect
                        + "' (missing classpath resource " + name + "), expected h2 or postgresql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    @Override
    public long size() {
        return call("read the tree size", c -> {
            try (PreparedStatement p = c.prepareStatement(SIZE); ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) + 1 : 0L;
            }
        });
    }

    @Override
    public Hash node(int level, long index) {
        TreeNode.checkAddress(level, index);
        return call("read tree node (level " + level + ", index " + index + ")", c -> {
            try (PreparedStatement p = c.prepareStatement(READ)) {
                p.setInt(1, level);
                p.setLong(2, index);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no tree node (level " + level + ", index " + index
                                + ") is stored in " + TABLE + ": the tree store is incomplete");
                    }
                    byte[] hash = rs.getBytes(1);
                    if (hash == null || hash.length != Hash.LENGTH) {
                        throw new IllegalStateException("tree node (level " + level + ", index " + index + ") in "
                                + TABLE + " has " + (hash == null ? "no hash" : hash.length + " bytes") + ", expected "
                                + Hash.LENGTH);
                    }
                    return new Hash(hash);
                }
            }
        });
    }

    @Override
    public void write(List<TreeNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        TreeNode first = nodes.get(0);
        String what = "write " + nodes.size() + " tree nodes from (level " + first.level() + ", index " + first.index()
                + ")";
        if (connection != null) {
            call(what, c -> insert(c, nodes));
            return;
        }
        call(what, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insert(c, nodes);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    private static Void insert(Connection c, List<TreeNode> nodes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (TreeNode n : nodes) {
                p.setInt(1, n.level());
                p.setLong(2, n.index());
                p.setBytes(3, n.hash().bytes());
                p.addBatch();
            }
            p.executeBatch();
        }
        return null;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String what, Work<T> work) {
        try {
            if (connection != null) {
                return work.run(connection);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            SQLException next = e.getNextException();   // a failed batch hides the cause here
            throw new TreeStoreException("cannot " + what + " in " + TABLE + ": " + e.getMessage()
                    + (next == null ? "" : " (" + next.getMessage() + ")"), e);
        }
    }
}
