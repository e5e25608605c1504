package io.credence.rules.service;

import java.util.Arrays;

/** The ways an application reaches the service; the name is what the audit record stores. */
public enum Channel {
    REST("rest"),
    FILE("file"),
    KAFKA("kafka"),
    /** An integrator's own Camel route through the {@code credence:decide} endpoint. */
    CAMEL("camel");

    private final String auditName;

    Channel(String auditName) {
        this.auditName = auditName;
    }

    public String auditName() {
        return auditName;
    }

    /** The channel of an audit name ({@code rest}, any case). */
    public static Channel of(String auditName) {
        for (Channel c : values()) {
            if (c.auditName.equalsIgnoreCase(auditName == null ? "" : auditName.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("channel: expected one of "
                + Arrays.stream(values()).map(Channel::auditName).toList() + ", was " + auditName);
    }
}
