/**
 * The compliance page at {@code /audit}: {@link io.credence.rules.audit.web.AuditPage} renders
 * server-side HTML from {@link io.credence.rules.audit.AuditLog} queries (plain, testable, no
 * scripts), personal data masked unless a {@code review-pii} user reveals it with a reason;
 * {@link io.credence.rules.audit.web.AuditPageRoutes} serves it over Camel platform-http, with the
 * sign-in form, the reveal action and the access log, checking each caller's roles through
 * {@link io.credence.rules.audit.web.AuditPageAccess} and writing every view to the
 * {@link io.credence.rules.security.AccessLog}.
 */
package io.credence.rules.audit.web;
