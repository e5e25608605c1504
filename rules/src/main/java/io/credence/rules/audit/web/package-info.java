/**
 * The compliance page at {@code /audit}: {@link io.credence.rules.audit.web.AuditPage} renders
 * server-side HTML from {@link io.credence.rules.audit.AuditLog} queries (plain, testable, no
 * scripts), {@link io.credence.rules.audit.web.AuditPageRoutes} serves it over Camel platform-http.
 */
package io.credence.rules.audit.web;
