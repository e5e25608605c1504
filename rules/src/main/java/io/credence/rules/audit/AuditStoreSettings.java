package io.credence.rules.audit;

import java.time.Duration;

/**
 * Where the audit log is and how long it may take: every wait on the store is bounded.
 *
 * <pre>{@code
 * JdbcAuditLog audit = JdbcAuditLog.open(AuditStoreSettings.of("jdbc:postgresql://db:5432/credence", "credence", secret));
 * }</pre>
 *
 * @param url              JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
 * @param user             database user
 * @param password         database password (never logged; URLs are logged without credentials)
 * @param appendTimeout    an append not durable within this answers {@link AuditUnavailableException}
 *                         ({@code credence.audit.append-timeout}); also the lock timeout on the chain head
 * @param statementTimeout longest any one statement may run ({@code credence.audit.statement-timeout})
 * @param connectTimeout   longest a new connection may take ({@code credence.audit.connect-timeout})
 * @param poolSize         read connections kept open ({@code credence.audit.pool-size})
 */
public record AuditStoreSettings(String url, String user, String password, Duration appendTimeout,
                                 Duration statementTimeout, Duration connectTimeout, int poolSize) {

    public static final Duration DEFAULT_APPEND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_POOL_SIZE = 8;

    public AuditStoreSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("credence.audit.db is required: a JDBC URL (jdbc:h2:... or jdbc:postgresql:...)");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        requirePositive("credence.audit.append-timeout", appendTimeout);
        requirePositive("credence.audit.statement-timeout", statementTimeout);
        requirePositive("credence.audit.connect-timeout", connectTimeout);
        if (poolSize < 1) {
            throw new IllegalArgumentException("credence.audit.pool-size must be at least 1, was " + poolSize);
        }
    }

    /** The store at {@code url} with the default bounds. */
    public static AuditStoreSettings of(String url, String user, String password) {
        return new AuditStoreSettings(url, user, password, DEFAULT_APPEND_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_SIZE);
    }

    /** The same store with another append timeout. */
    public AuditStoreSettings withAppendTimeout(Duration timeout) {
        return new AuditStoreSettings(url, user, password, timeout, statementTimeout, connectTimeout, poolSize);
    }

    /** The URL without credentials ({@code user:password@} and password parameters removed): safe to log or show. */
    public String safeUrl() {
        return SafeUrl.of(url);
    }

    @Override
    public String toString() {
        return "AuditStoreSettings[" + safeUrl() + ", user=" + user + ", appendTimeout=" + appendTimeout + "]";
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration (e.g. 2s or 500ms), was " + d);
        }
    }
}
