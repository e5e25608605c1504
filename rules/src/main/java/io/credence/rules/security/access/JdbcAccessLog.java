package io.credence.rules.security.access;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The access log in the audit store's {@code audit_access} table (created by the store's schema
 * version 3). One auto-committed insert per event: an event is in the store when
 * {@link #record} returns.
 *
 * <pre>{@code
 * try (JdbcAuditLog audit = JdbcAuditLog.open(url, user, password)) {
 *     AccessLog access = new JdbcAccessLog(audit.pool(), audit.toString());
 *     access.record(new AccessEvent(Instant.now(), "alice", "view-decision", "dec-1", "page"));
 *     List<AccessEvent> newest = access.recent(0, 50);
 * }
 * }</pre>
 */
public final class JdbcAccessLog implements AccessLog {

    /** Longest detail kept; a longer one is cut, marked with an ellipsis. */
    static final int MAX_DETAIL = 1000;

    private final DataSource store;
    private final String name;

    /**
     * @param store connections to an audit store of schema version 3 or later
     * @param name  the store as errors name it (no credentials), e.g. {@code JdbcAuditLog[jdbc:h2:...]}
     */
    public JdbcAccessLog(DataSource store, String name) {
        this.store = store;
        this.name = name;
    }

    /** @throws AuditUnavailableException when the store cannot keep the event */
    @Override
    public void record(AccessEvent event) {
        try (Connection c = store.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO audit_access (at, principal, action, decision_id, detail) VALUES (?, ?, ?, ?, ?)")) {
            p.setObject(1, OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
            p.setString(2, cut(event.principal(), 200));
            p.setString(3, cut(event.action(), 64));
            p.setString(4, event.decisionId() == null ? null : cut(event.decisionId(), 100));
            p.setString(5, event.detail() == null ? null : cut(event.detail(), MAX_DETAIL));
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot record " + event.action() + " by " + event.principal()
                    + " in the access log of " + name + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public List<AccessEvent> recent(int limit) {
        return recent(0, limit);
    }

    /** @throws AuditUnavailableException when the store cannot be read */
    @Override
    public List<AccessEvent> recent(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and " + limit);
        }
        try (Connection c = store.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT at, principal, action, decision_id, detail FROM audit_access ORDER BY id DESC LIMIT ? OFFSET ?")) {
            p.setInt(1, limit);
            p.setInt(2, offset);
            List<AccessEvent> events = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    events.add(new AccessEvent(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the access log of " + name + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public String toString() {
        return "JdbcAccessLog[" + name + "]";
    }
}
