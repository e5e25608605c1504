package io.credence.rules.audit;

/**
 * Whether the audit log can make a record durable within its bound right now.
 *
 * @param up     true when the store answers and the last append committed (or none failed)
 * @param detail what was checked, or why it is down (no credentials, no personal data)
 */
public record AuditHealth(boolean up, String detail) {

    public AuditHealth {
        // Shown on /health: a URL in it loses its credentials.
        detail = SafeUrl.of(detail);
    }

    public static AuditHealth up(String detail) {
        return new AuditHealth(true, detail);
    }

    public static AuditHealth down(String detail) {
        return new AuditHealth(false, detail);
    }
}
