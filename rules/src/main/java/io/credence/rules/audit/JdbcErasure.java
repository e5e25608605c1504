package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of an erasure, in the caller's transaction (which holds the chain head's lock): for each
 * record of the target, the personal data and its salt ({@code audit_personal}, format 2) or the
 * raw input ({@code audit_input}, format 1) set to NULL with {@code erased_at}, and its
 * idempotency key ({@code audit_record.input_key}, not hashed into the record) cleared. Erasure records themselves are never targets.
 *
 * <pre>{@code
 * JdbcErasure.Result r = JdbcErasure.erase(connection, request, Instant.now());   // then append the erasure record
 * }</pre>
 */
final class JdbcErasure {

    /**
     * @param applicationId the target's application id (for a decision: its record's, possibly null)
     * @param erased        decision ids erased now, in chain order
     * @param alreadyErased records of the target that kept no personal data any more
     */
    record Result(String applicationId, List<String> erased, int alreadyErased) {
    }

    private JdbcErasure() {
    }

    static Result erase(Connection c, ErasureRequest request, Instant at) throws SQLException {
        List<String> targets = new ArrayList<>();
        String applicationId = request.applicationId();
        try (PreparedStatement p = c.prepareStatement("SELECT decision_id, application_id FROM audit_record WHERE "
                + (request.applicationId() != null ? "application_id" : "decision_id")
                + " = ? AND status <> 'ERASURE' ORDER BY sequence")) {
            p.setString(1, request.applicationId() != null ? request.applicationId() : request.decisionId());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    targets.add(rs.getString(1));
                    applicationId = rs.getString(2);
                }
            }
        }
        List<String> erased = new ArrayList<>();
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        try (PreparedStatement personal = c.prepareStatement("UPDATE " + JdbcAuditLog.PERSONAL_TABLE
                + " SET data = NULL, salt = NULL, erased_at = ? WHERE decision_id = ? AND erased_at IS NULL");
             PreparedStatement input = c.prepareStatement("UPDATE audit_input SET raw_input = NULL, erased_at = ?"
                     + " WHERE decision_id = ? AND erased_at IS NULL");
             PreparedStatement keys = c.prepareStatement("UPDATE audit_record SET input_key = NULL WHERE decision_id = ?")) {
            for (String id : targets) {
                personal.setObject(1, when);
                personal.setString(2, id);
                input.setObject(1, when);
                input.setString(2, id);
                int changed = personal.executeUpdate() + input.executeUpdate();
                // The input key goes too: nothing is left that a guessed input could be checked against.
                keys.setString(1, id);
                keys.executeUpdate();
                if (changed > 0) {
                    erased.add(id);
                }
            }
        }
        return new Result(applicationId, erased, targets.size() - erased.size());
    }
}
