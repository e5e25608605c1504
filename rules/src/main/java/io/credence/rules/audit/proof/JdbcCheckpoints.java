package io.credence.rules.audit.proof;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The signed checkpoints kept in the audit store ({@code audit_checkpoint}, one per tree size),
 * beside the copies exported to the witness files. Read by the proof endpoint and the compliance
 * page; a checkpoint is trusted only after its signature is checked with the public key.
 *
 * <pre>{@code
 * JdbcCheckpoints stored = new JdbcCheckpoints(auditLog.pool());
 * stored.save(signer.sign(tree.size(), tree.root(), Instant.now()));
 * Optional<Checkpoint> latest = stored.latest();
 * }</pre>
 */
public final class JdbcCheckpoints {

    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public JdbcCheckpoints(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("a data source is required");
        }
        this.dataSource = dataSource;
    }

    /**
     * Stores a checkpoint.
     *
     * @return false when one of that tree size is stored already (another instance signed it)
     */
    public boolean save(Checkpoint checkpoint) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at,"
                     + " key_id, line) VALUES (?, ?, ?, ?, ?)")) {
            p.setLong(1, checkpoint.treeSize());
            p.setString(2, checkpoint.root().hex());
            p.setObject(3, OffsetDateTime.ofInstant(checkpoint.time(), ZoneOffset.UTC));
            p.setString(4, checkpoint.keyId());
            p.setString(5, checkpoint.toLine());
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            if (SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new TreeStoreException("cannot store the checkpoint of tree size " + checkpoint.treeSize() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The checkpoint of the largest tree, if any. */
    public Optional<Checkpoint> latest() {
        List<Checkpoint> found = read("SELECT line FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1");
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every stored checkpoint, smallest tree first. */
    public List<Checkpoint> all() {
        return read("SELECT line FROM audit_checkpoint ORDER BY tree_size");
    }

    private List<Checkpoint> read(String sql) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            List<Checkpoint> out = new ArrayList<>();
            while (rs.next()) {
                out.add(Checkpoint.parse(rs.getString(1)));
            }
            return out;
        } catch (SQLException e) {
            throw new TreeStoreException("cannot read the stored checkpoints: " + e.getMessage(), e);
        }
    }
}
