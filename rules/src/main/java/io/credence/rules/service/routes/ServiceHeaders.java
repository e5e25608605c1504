package io.credence.rules.service.routes;

/** Every header name the service's routes set or read. */
public final class ServiceHeaders {

    /** Id of the decision (or rejection) an exchange produced; also an HTTP response header. */
    public static final String DECISION_ID = "X-Credence-Decision-Id";
    /** {@code true} on the answer to a retry of an application already recorded (idempotency). */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** DECIDED, REJECTED or FAILED. */
    public static final String STATUS = io.credence.rules.camel.CredenceConstants.STATUS;

    private ServiceHeaders() {
    }
}
