package io.credence.rules.service.logs;

import java.util.Locale;

/** How log lines are written: {@code credence.log.format} = {@code text} (the default) or {@code json}. */
public enum LogFormat {
    /** {@code [thread] LEVEL logger - message}, as a person reads it. */
    TEXT,
    /** One JSON object per line: timestamp, level, thread, logger, the MDC ({@code decisionId}, {@code applicationId}), message. */
    JSON;

    /** The setting's key. */
    public static final String KEY = "credence.log.format";

    /**
     * The format a setting names; blank or null is {@link #TEXT}.
     *
     * @throws IllegalArgumentException naming the key and the value otherwise
     */
    public static LogFormat of(String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException(KEY + " must be text or json, was " + value);
        };
    }
}
