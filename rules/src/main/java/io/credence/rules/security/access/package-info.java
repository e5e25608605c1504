/**
 * Where the {@link io.credence.rules.security.AccessLog} is kept: {@link io.credence.rules.security.access.JdbcAccessLog}
 * writes it to the audit store's {@code audit_access} table (schema version 3, H2 or PostgreSQL),
 * next to the decisions and under their retention; {@link io.credence.rules.security.access.MemoryAccessLog}
 * keeps it in memory for audit logs that are not a database (tests, embedding).
 */
package io.credence.rules.security.access;
