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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Tree nodes in the table {@code audit_tree} on H2 2.x or PostgreSQL, one row per append (a
 * group commit) of at most {@value #ROW_LEAVES} leaves; the DDL is the classpath resource
 * {@code io/credence/rules/audit/proof/audit_tree-{h2,postgresql}.sql}:
 *
 * <pre>
 * CREATE TABLE audit_tree (
 *     first_leaf BIGINT PRIMARY KEY CHECK (first_leaf &gt;= 0),
 *     leaf_count INTEGER NOT NULL CHECK (leaf_count BETWEEN 1 AND 32),
 *     nodes BINARY VARYING(8192) NOT NULL);   -- PostgreSQL: BYTEA, a multiple of 32 bytes
 * </pre>
 *
 * <p>A row holds, 32 bytes each and in append order, the leaves {@code [first_leaf, first_leaf +
 * leaf_count)}, each followed by the parents it completed (leaf {@code L} completes one parent per
 * trailing one bit of {@code L}). So node (level, idx) is in the row of the leaf that completed
 * it, {@code L = ((idx + 1) << level) - 1}, at node offset
 * {@code 2 (L - f) - bitCount(L) + bitCount(f) + level} from the row's first leaf {@code f}: one
 * index seek ({@code first_leaf <= L}, the greatest) finds it. An append writes one row instead of
 * one per node (about 24 for a group commit of 12 records), which is what an append costs on H2
 * (docs/benchmarks.md, "Audit tree").
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
 * <p>A row is inserted only when it starts where the tree ends (the INSERT checks it), and the
 * primary key refuses a second row for the same first leaf, so two writers racing for the same
 * leaf index fail (with a {@link TreeStoreException}) instead of forking the tree.
 */
public final class JdbcTreeNodes implements TreeNodes {

    /** The table's name. */
    public static final String TABLE = "audit_tree";
    /** The column only this layout has (version 6 of the audit schema; version 4 and 5 stored a row per node). */
    public static final String LAYOUT_COLUMN = "first_leaf";
    /** The most leaves one row holds: a larger append writes several rows. */
    public static final int ROW_LEAVES = 32;
    /** SQLSTATE of a unique violation, given to a write that would overlap stored leaves. */
    static final String UNIQUE_VIOLATION = "23505";

    private static final String LAST_ROW = "SELECT first_leaf + leaf_count FROM " + TABLE
            + " ORDER BY first_leaf DESC LIMIT 1";
    private static final String ROW = "SELECT first_leaf, leaf_count, nodes FROM " + TABLE
            + " WHERE first_leaf <= ? ORDER BY first_leaf DESC LIMIT 1";
    private static final String INSERT = "INSERT INTO " + TABLE + " (first_leaf, leaf_count, nodes)"
            + " SELECT CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS BYTEA) WHERE COALESCE((" + LAST_ROW + "), 0) = ?";
    /** Row lookups per statement of {@link #find} over a network, joined by UNION ALL. */
    private static final int FIND_ROWS = 64;

    private final Connection connection;
    private final DataSource dataSource;

    private JdbcTreeNodes(Connection connection, DataSource dataSource) {
        this.connection = connection;
        this.dataSource = dataSource;
    }

    /**
     * The tree on one connection, in whatever transaction the caller has open; never commits or
     * closes it. With auto-commit on, each row commits on its own: open a transaction for an
     * append that is all or nothing. Like the connection, not for use by two threads at once.
     */
    public static JdbcTreeNodes over(Connection connection) {
        if (connection == null) {
            throw new IllegalArgumentException("a connection is required");
        }
        return new JdbcTreeNodes(connection, null);
    }

    /** The tree through a pool: each call borrows a connection and a write commits its rows as one transaction. */
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

    /**
     * The offset, in nodes, of node {@code level} of leaf {@code leaf}'s group in a row that starts
     * at leaf {@code first}: the leaves before it took one node each plus one per parent they
     * completed, and the parents completed by leaves {@code first .. leaf - 1} number
     * {@code sum tz(j)} for {@code j} in {@code (first, leaf]}, which is {@code (leaf - bitCount(leaf))
     * - (first - bitCount(first))} (Legendre).
     */
    static long offset(long first, long leaf, int level) {
        return 2 * (leaf - first) - Long.bitCount(leaf) + Long.bitCount(first) + level;
    }

    /** The leaf that completed node (level, index): the last leaf it covers. */
    static long completedBy(int level, long index) {
        return ((index + 1) << level) - 1;
    }

    @Override
    public long size() {
        return call("read the tree size", c -> {
            try (PreparedStatement p = c.prepareStatement(LAST_ROW); ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public Hash node(int level, long index) {
        Hash hash = find(List.of(new Address(level, index))).get(0);
        if (hash == null) {
            throw new IllegalStateException("no tree node (level " + level + ", index " + index
                    + ") is stored in " + TABLE + ": the tree store is incomplete");
        }
        return hash;
    }

    /** One stored row: leaves {@code [first, first + count)} and their nodes. */
    private record Row(long first, int count, byte[] nodes) {

        boolean holds(long leaf) {
            return leaf >= first && leaf < first + count;
        }

        Hash node(int level, long index) {
            long leaf = completedBy(level, index);
            long at = offset(first, leaf, level) * Hash.LENGTH;
            if (at < 0 || at + Hash.LENGTH > nodes.length) {
                throw new IllegalStateException("tree row of leaves " + first + " to " + (first + count - 1) + " in "
                        + TABLE + " has " + nodes.length + " bytes, too few for node (level " + level + ", index "
                        + index + "): the tree store is damaged");
            }
            return new Hash(Arrays.copyOfRange(nodes, (int) at, (int) at + Hash.LENGTH));
        }
    }

    /**
     * The rows the nodes are in: over a network (PostgreSQL) one query for all of them, a
     * primary key seek per row joined by UNION ALL; in-process H2, one short prepared seek per row.
     * A row read once serves every node in it.
     */
    @Override
    public List<Hash> find(List<Address> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        TreeMap<Long, Row> rows = call("read " + addresses.size() + " tree nodes", c -> readRows(c, addresses));
        List<Hash> hashes = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            long leaf = completedBy(a.level(), a.index());
            Map.Entry<Long, Row> row = rows.floorEntry(leaf);
            hashes.add(row != null && row.getValue().holds(leaf) ? row.getValue().node(a.level(), a.index()) : null);
        }
        return hashes;
    }

    private static TreeMap<Long, Row> readRows(Connection c, List<Address> addresses) throws SQLException {
        long[] leaves = new long[addresses.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = completedBy(addresses.get(i).level(), addresses.get(i).index());
        }
        Arrays.sort(leaves);
        TreeMap<Long, Row> rows = new TreeMap<>();
        if (inProcess(c)) {
            // H2 in this JVM: no round trip to save, and one short statement it keeps parsed.
            try (PreparedStatement p = c.prepareStatement(ROW)) {
                for (long leaf : leaves) {
                    Map.Entry<Long, Row> have = rows.floorEntry(leaf);
                    if (have != null && have.getValue().holds(leaf)) {
                        continue;
                    }
                    p.setLong(1, leaf);
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            Row row = row(rs);
                            rows.put(row.first(), row);
                        }
                    }
                }
            }
            return rows;
        }
        long[] distinct = Arrays.stream(leaves).distinct().toArray();
        for (int from = 0; from < distinct.length; from += FIND_ROWS) {
            int n = Math.min(FIND_ROWS, distinct.length - from);
            try (PreparedStatement p = c.prepareStatement(findSql(n))) {
                for (int i = 0; i < n; i++) {
                    p.setLong(i + 1, distinct[from + i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Row row = row(rs);
                        rows.put(row.first(), row);
                    }
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs) throws SQLException {
        long first = rs.getLong(1);
        int count = rs.getInt(2);
        byte[] nodes = rs.getBytes(3);
        if (nodes == null || nodes.length % Hash.LENGTH != 0
                || nodes.length != offset(first, first + count, 0) * Hash.LENGTH) {
            throw new IllegalStateException("tree row of leaves " + first + " to " + (first + count - 1) + " in "
                    + TABLE + " has " + (nodes == null ? "no nodes" : nodes.length + " bytes") + ", expected "
                    + offset(first, first + count, 0) * Hash.LENGTH + ": the tree store is damaged");
        }
        return new Row(first, count, nodes);
    }

    /** True for an embedded H2 database (file or memory), where a statement costs no round trip. */
    private static boolean inProcess(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        return url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    private static String findSql(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "(" : " UNION ALL (").append(ROW).append(')');
        }
        return b.toString();
    }

    /**
     * Stores an append: the nodes must be the leaves from the tree's size on, in order, each
     * followed by exactly the parents it completed (what {@link MerkleTree} writes); they become
     * one row per {@value #ROW_LEAVES} leaves.
     *
     * @throws TreeStoreException when the nodes are not such a sequence, or do not start where the tree ends
     */
    @Override
    public void write(List<TreeNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        TreeNode first = nodes.get(0);
        String what = "write " + nodes.size() + " tree nodes from (level " + first.level() + ", index " + first.index()
                + ")";
        List<Row> rows = rows(nodes, what);
        if (connection != null) {
            call(what, c -> insert(c, rows));
            return;
        }
        call(what, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insert(c, rows);
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

    /** The rows an append becomes, after checking that each leaf is followed by the parents it completes. */
    private static List<Row> rows(List<TreeNode> nodes, String what) {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        while (i < nodes.size()) {
            TreeNode start = nodes.get(i);
            if (start.level() != 0) {
                throw outOfOrder(what, start, "a leaf (level 0)");
            }
            long firstLeaf = start.index();
            int count = 0;
            int from = i;
            while (i < nodes.size() && count < ROW_LEAVES) {
                TreeNode leaf = nodes.get(i);
                if (leaf.level() != 0 || leaf.index() != firstLeaf + count) {
                    throw outOfOrder(what, leaf, "leaf " + (firstLeaf + count));
                }
                i++;
                int parents = Long.numberOfTrailingZeros(~leaf.index());
                for (int level = 1; level <= parents; level++, i++) {
                    long index = ((leaf.index() + 1) >>> level) - 1;
                    if (i >= nodes.size() || nodes.get(i).level() != level || nodes.get(i).index() != index) {
                        throw outOfOrder(what, i < nodes.size() ? nodes.get(i) : null,
                                "node (level " + level + ", index " + index + "), which leaf " + leaf.index() + " completes");
                    }
                }
                count++;
            }
            byte[] bytes = new byte[(i - from) * Hash.LENGTH];
            for (int k = from; k < i; k++) {
                System.arraycopy(nodes.get(k).hash().bytes(), 0, bytes, (k - from) * Hash.LENGTH, Hash.LENGTH);
            }
            rows.add(new Row(firstLeaf, count, bytes));
        }
        return rows;
    }

    private static TreeStoreException outOfOrder(String what, TreeNode found, String expected) {
        return new TreeStoreException("cannot " + what + " in " + TABLE + ": expected " + expected + ", found "
                + (found == null ? "the end of the nodes" : "(level " + found.level() + ", index " + found.index() + ")"),
                null);
    }

    /** One guarded INSERT per row: it stores the row only when the tree ends where the row starts. */
    private static Void insert(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (Row row : rows) {
                p.setLong(1, row.first());
                p.setInt(2, row.count());
                p.setBytes(3, row.nodes());
                p.setLong(4, row.first());
                if (p.executeUpdate() != 1) {
                    long size;
                    try (PreparedStatement s = c.prepareStatement(LAST_ROW); ResultSet rs = s.executeQuery()) {
                        size = rs.next() ? rs.getLong(1) : 0L;
                    }
                    throw new SQLException("leaf " + row.first() + " cannot be appended: the tree holds " + size
                            + " leaves" + (size > row.first() ? ", so leaf " + row.first() + " is stored already" : ""),
                            size > row.first() ? UNIQUE_VIOLATION : "55000");
                }
            }
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
