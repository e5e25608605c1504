/**
 * Where the {@link io.credence.rules.security.AccessLog} is kept when the audit store is a
 * database: {@link io.credence.rules.security.access.JdbcAccessLog} writes every event to the
 * store's {@code audit_access} table (schema version 3, H2 or PostgreSQL), next to the decisions.
 * The service uses it for API views of decisions and the compliance pages alike; an audit log that
 * is not a database falls back to {@link io.credence.rules.security.LoggingAccessLog}.
 */
package io.credence.rules.security.access;
