package io.credence.rules.audit;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the audit log runs on; each has its own migration scripts. */
enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Flyway location of this dialect's versioned scripts ({@code V<n>__<name>.sql}). */
    String migrationLocation() {
        return "classpath:io/credence/rules/audit/db/" + folder;
    }

    /**
     * A table name as this database stores an unquoted identifier: upper case in H2, lower case in
     * PostgreSQL, so that the name written plainly in SQL ({@code audit_flyway_history}) finds it.
     */
    String identifier(String name) {
        return this == H2 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    /** Whether the connection's current schema has a table of this (unquoted) name. Reads only metadata. */
    boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String escape = meta.getSearchStringEscape();
        String pattern = identifier(name).replace("_", escape + "_").replace("%", escape + "%");
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), pattern, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** Whether the connection's current schema has a table of this name with a column of this (unquoted) name. */
    boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String escape = meta.getSearchStringEscape();
        String tablePattern = identifier(table).replace("_", escape + "_").replace("%", escape + "%");
        String columnPattern = identifier(column).replace("_", escape + "_").replace("%", escape + "%");
        try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), tablePattern, columnPattern)) {
            return rs.next();
        }
    }

    static Dialect of(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported audit database URL " + jdbcUrl
                + ", expected jdbc:h2:... or jdbc:postgresql:...");
    }
}
