package io.credence.rules.service;

/** The ways an application reaches the service; the name is what the audit record stores. */
public enum Channel {
    REST("rest"),
    FILE("file"),
    KAFKA("kafka");

    private final String auditName;

    Channel(String auditName) {
        this.auditName = auditName;
    }

    public String auditName() {
        return auditName;
    }
}
