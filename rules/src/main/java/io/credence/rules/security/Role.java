package io.credence.rules.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a principal may do. Roles do not imply each other: a reviewer who may reveal personal
 * data has both {@link #REVIEW} and {@link #REVIEW_PII}.
 */
public enum Role {
    /** POST decisions, GET the decisions it made. */
    DECIDE("decide"),
    /** The {@code /audit} pages and GET of any decision, personal data masked. */
    REVIEW("review"),
    /** May reveal the raw input of a decision, giving a reason (logged). */
    REVIEW_PII("review-pii"),
    /** Erasure, reloads, metrics, the access log. */
    ADMIN("admin"),
    /** {@code GET /metrics} only: the key of a Prometheus scraper, which needs no other right. */
    METRICS("metrics");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name used in key files, user files, tokens and messages, e.g. {@code review-pii}. */
    public String label() {
        return label;
    }

    /** The role of a label, e.g. {@code decide}; names the labels expected when it is unknown. */
    public static Role of(String label) {
        String l = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.label.equals(l)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "', expected one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
