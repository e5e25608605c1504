package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the audit schema up to date with Flyway: the dialect's scripts {@code V1__*.sql},
 * {@code V2__*.sql}, ... under {@link Dialect#migrationLocation()} that {@value #HISTORY_TABLE}
 * does not list yet run in order, each in its own transaction. The checksum of every script
 * already applied is checked first: a released script that was edited stops the open. On
 * PostgreSQL Flyway holds an advisory lock while it migrates, so services starting at once never
 * both run a script.
 *
 * <pre>{@code
 * String version = SchemaMigrator.migrate(connection, url, settings, Dialect.POSTGRESQL);   // "3"
 * }</pre>
 *
 * <p><b>Stores of the release before Flyway</b> recorded their version in
 * {@value #LEGACY_TABLE}. Such a store, without a Flyway history, is adopted: the history starts
 * with a baseline at its highest recorded version, and only newer scripts run. The old table is
 * left as it was.
 */
final class SchemaMigrator {

    /** Flyway's history of the audit schema: which scripts ran, with their checksums. */
    static final String HISTORY_TABLE = "audit_flyway_history";
    /** The version table of the release before Flyway; read once, to adopt such a store. */
    static final String LEGACY_TABLE = "audit_schema_version";
    /** Attempts when services start at once on an empty store (see {@link #migrate}). */
    private static final int MAX_ATTEMPTS = 10;
    private static final java.time.Duration CONCURRENT_START_PAUSE = java.time.Duration.ofMillis(200);

    private SchemaMigrator() {
    }

    /**
     * Applies the scripts the store does not have yet; returns the schema version afterwards.
     * {@code connection} (to the store at {@code url}) only reads which version tables exist; Flyway
     * migrates on connections of its own.
     *
     * @throws IllegalStateException    when an applied script's checksum no longer matches (a released
     *                                  script was edited) or a script fails
     * @throws java.sql.SQLException    when the store cannot be read to decide on adoption
     */
    static String migrate(Connection connection, String url, AuditStoreSettings settings, Dialect dialect)
            throws SQLException {
        try {
            for (int attempt = 1; ; attempt++) {
                String baseline = baselineVersion(connection, dialect);
                boolean hasHistory = dialect.hasTable(connection, HISTORY_TABLE);
                try {
                    MigrateResult result = flywayConfig(url, settings, dialect, baseline).baselineOnMigrate(!hasHistory).load()
                            .migrate();
                    return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
                } catch (FlywayValidateException e) {
                    throw e;
                } catch (FlywayException e) {
                    // Another service created the history table between our look and Flyway's: it is
                    // migrating now; the next attempt sees its history and waits for its lock.
                    if (attempt == MAX_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("Unable to baseline")) {
                        throw e;
                    }
                    sleep(CONCURRENT_START_PAUSE);
                }
            }
        } catch (FlywayValidateException e) {
            throw new IllegalStateException("the audit schema does not match the released migration scripts ("
                    + dialect.migrationLocation() + "); a released script was edited or " + HISTORY_TABLE
                    + " was changed. Nothing was migrated. " + e.getMessage(), e);
        } catch (FlywayException e) {
            throw new IllegalStateException("migrating the audit schema failed: " + e.getMessage(), e);
        }
    }

    /**
     * The Flyway that migrates this store. {@code baselineVersion} is where a store with tables but
     * without a history starts: the legacy version when it has one, otherwise "0" (every script
     * runs; the schema may hold other applications' tables).
     */
    static Flyway flyway(String url, AuditStoreSettings settings, Dialect dialect, String baselineVersion) {
        return flywayConfig(url, settings, dialect, baselineVersion).load();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flywayConfig(String url,
            AuditStoreSettings settings, Dialect dialect, String baselineVersion) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url, settings.user(), settings.password())
                .jdbcProperties(dialect == Dialect.POSTGRESQL
                        ? Map.of("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())))
                        : Map.of())
                .locations(dialect.migrationLocation())
                .failOnMissingLocations(true)
                .table(dialect.identifier(HISTORY_TABLE))
                .baselineOnMigrate(true)
                .baselineVersion(baselineVersion)
                .baselineDescription(baselineVersion.equals("0") ? "before the audit schema"
                        : "adopted from " + LEGACY_TABLE)
                .validateOnMigrate(true)
                .cleanDisabled(true);
    }

    private static void sleep(java.time.Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another service migrated the audit schema", e);
        }
    }

    /** The highest version in {@value #LEGACY_TABLE} of a store Flyway has not seen yet, else "0". */
    private static String baselineVersion(Connection c, Dialect dialect) throws SQLException {
        if (dialect.hasTable(c, HISTORY_TABLE) || !dialect.hasTable(c, LEGACY_TABLE)) {
            return "0";
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE)) {
            rs.next();
            return Integer.toString(rs.getInt(1));
        }
    }

    /** Rolls back, keeping a failure of the rollback itself as suppressed on {@code cause}. */
    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
