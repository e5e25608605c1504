package io.credence.rules.camel;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit records a store holds, read with plain SQL (not through the audit log under test).
 *
 * <pre>{@code
 * List<AuditRows.Row> rows = AuditRows.read("jdbc:h2:file:/tmp/x/audit", "sa", "");
 * }</pre>
 */
final class AuditRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One audit_record row; {@code document} is its hashed record document ({@code {"decision": {...}, ...}}). */
    record Row(long sequence, String decisionId, String applicationId, String channel, String status, String outcome,
               JsonNode document) {
    }

    private AuditRows() {
    }

    static List<Row> read(String url, String user, String password) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement s = c.prepareStatement("SELECT sequence, decision_id, application_id, channel, status,"
                     + " outcome, record_json FROM audit_record ORDER BY sequence");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), JSON.readTree(rs.getString(7))));
            }
        }
        return rows;
    }

    /** The personal data kept apart for a record (its raw input among it), or null when none is kept. */
    static String personalData(String url, String user, String password, String decisionId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement s = c.prepareStatement("SELECT data FROM audit_personal WHERE decision_id = ?")) {
            s.setString(1, decisionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
