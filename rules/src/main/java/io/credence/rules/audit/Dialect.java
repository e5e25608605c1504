package io.credence.rules.audit;

import java.util.Locale;

/** The databases the audit log runs on; each has its own migration scripts. */
enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Classpath folder of this dialect's versioned scripts ({@code V<n>__<name>.sql}). */
    String scriptFolder() {
        return "io/credence/rules/audit/db/" + folder + "/";
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
