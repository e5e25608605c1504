package io.credence.chaos;

import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.JdbcAuditLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the audit store holds after a fault run, read straight from its tables: records per
 * application id, and whether the chain is intact.
 *
 * @param records      all records
 * @param perApplication application id -> records of it (a value above 1 is a duplicate)
 * @param chain        the chain walk
 */
public record AuditCount(long records, Map<String, Integer> perApplication, ChainVerification chain) {

    /** Reads the store (the service must have let go of an H2 file first). */
    public static AuditCount of(String url, String user, String password) throws SQLException {
        Map<String, Integer> per = new HashMap<>();
        long total = 0;
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement p = c.prepareStatement(
                     "SELECT application_id, COUNT(*) FROM audit_record GROUP BY application_id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                per.put(rs.getString(1), rs.getInt(2));
                total += rs.getInt(2);
            }
        }
        ChainVerification chain;
        try (JdbcAuditLog log = JdbcAuditLog.open(url, user, password)) {
            chain = log.verify();
        }
        return new AuditCount(total, Map.copyOf(per), chain);
    }

    /** Records beyond the first of each application id. */
    public long duplicates() {
        return perApplication.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
    }

    /** Records of applications whose id starts with {@code prefix}. */
    public int recordsOf(String prefix) {
        return perApplication.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().startsWith(prefix))
                .mapToInt(Map.Entry::getValue).sum();
    }
}
