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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final String INSERT = "INSERT INTO " + TABLE + " (level, idx, hash) VALUES ";
    /** Rows per multi-row INSERT (3 parameters each). */
    private static final int INSERT_ROWS = 256;
    /** Point reads per statement of {@link #find}, each a primary key lookup, joined by UNION ALL. */
    private static final int FIND_NODES = 128;
    private static final String[] FIND_SQL = new String[FIND_NODES + 1];
    private static final String[] INSERT_SQL = new String[INSERT_ROWS + 1];

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
                    return checked(level, index, rs.getBytes(1));
                }
            }
        });
    }

    /**
     * Over a network (PostgreSQL), one query for all of them: a primary key lookup per node, joined
     * by UNION ALL. In-process H2, one short prepared lookup executed per node.
     */
    @Override
    public List<Hash> find(List<Address> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        List<Address> distinct = new ArrayList<>(new LinkedHashSet<>(addresses));
        Map<Address, Hash> found = call("read " + distinct.size() + " tree nodes", c -> {
            Map<Address, Hash> rows = new HashMap<>();
            if (inProcess(c)) {
                // H2 in this JVM: no round trip to save, and one short statement it keeps parsed
                // is cheaper than parsing a UNION ALL of a different length each time.
                try (PreparedStatement p = c.prepareStatement(READ)) {
                    for (Address a : distinct) {
                        p.setInt(1, a.level());
                        p.setLong(2, a.index());
                        try (ResultSet rs = p.executeQuery()) {
                            if (rs.next()) {
                                rows.put(a, checked(a.level(), a.index(), rs.getBytes(1)));
                            }
                        }
                    }
                }
                return rows;
            }
            for (int from = 0; from < distinct.size(); from += FIND_NODES) {
                List<Address> part = distinct.subList(from, Math.min(distinct.size(), from + FIND_NODES));
                try (PreparedStatement p = c.prepareStatement(findSql(part.size()))) {
                    int i = 1;
                    for (Address a : part) {
                        p.setInt(i++, a.level());
                        p.setLong(i++, a.index());
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            int level = rs.getInt(1);
                            long index = rs.getLong(2);
                            rows.put(new Address(level, index), checked(level, index, rs.getBytes(3)));
                        }
                    }
                }
            }
            return rows;
        });
        List<Hash> hashes = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            hashes.add(found.get(a));
        }
        return hashes;
    }

    /** True for an embedded H2 database (file or memory), where a statement costs no round trip. */
    private static boolean inProcess(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        return url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    private static String findSql(int n) {
        String sql = FIND_SQL[n];
        if (sql == null) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : " UNION ALL ").append("SELECT level, idx, hash FROM ").append(TABLE)
                        .append(" WHERE level = ? AND idx = ?");
            }
            sql = b.toString();
            FIND_SQL[n] = sql;
        }
        return sql;
    }

    private static Hash checked(int level, long index, byte[] hash) {
        if (hash == null || hash.length != Hash.LENGTH) {
            throw new IllegalStateException("tree node (level " + level + ", index " + index + ") in "
                    + TABLE + " has " + (hash == null ? "no hash" : hash.length + " bytes") + ", expected "
                    + Hash.LENGTH);
        }
        return new Hash(hash);
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

    /**
     * Over a network (PostgreSQL), multi-row INSERTs of up to {@link #INSERT_ROWS} nodes: one
     * statement, one round trip, for a group commit's nodes. In-process H2, a batch of one
     * single-row statement (measured in docs/benchmarks.md, "Audit tree").
     */
    private static Void insert(Connection c, List<TreeNode> nodes) throws SQLException {
        if (inProcess(c)) {
            // H2 in this JVM: one single-row statement, parsed once, executed as a batch.
            try (PreparedStatement p = c.prepareStatement(INSERT + "(?, ?, ?)")) {
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
        for (int from = 0; from < nodes.size(); from += INSERT_ROWS) {
            List<TreeNode> part = nodes.subList(from, Math.min(nodes.size(), from + INSERT_ROWS));
            try (PreparedStatement p = c.prepareStatement(insertSql(part.size()))) {
                int i = 1;
                for (TreeNode n : part) {
                    p.setInt(i++, n.level());
                    p.setLong(i++, n.index());
                    p.setBytes(i++, n.hash().bytes());
                }
                p.executeUpdate();
            }
        }
        return null;
    }

    private static String insertSql(int rows) {
        String sql = INSERT_SQL[rows];
        if (sql == null) {
            StringBuilder b = new StringBuilder(INSERT);
            for (int i = 0; i < rows; i++) {
                b.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
            }
            sql = b.toString();
            INSERT_SQL[rows] = sql;
        }
        return sql;
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
