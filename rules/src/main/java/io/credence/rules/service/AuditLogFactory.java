package io.credence.rules.service;

import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.JdbcAuditLog;

/**
 * Opens the audit log the service writes to. The one place the service chooses an
 * implementation; tests pass their own.
 */
@FunctionalInterface
public interface AuditLogFactory {

    /** The JDBC audit log (H2 file database or PostgreSQL). */
    AuditLogFactory JDBC = JdbcAuditLog::open;

    /** @throws io.credence.rules.audit.AuditUnavailableException when the store cannot be opened */
    AuditLog open(AuditStoreSettings store);
}
