package io.credence.rules.camel;

/**
 * The decision service failed on an application (the rules or the model broke); it was audited as
 * FAILED and nothing was decided. The message is safe to show (no stack trace).
 */
public final class DecisionFailedException extends RuntimeException {

    private final String decisionId;

    public DecisionFailedException(String decisionId, String message) {
        super("decision " + decisionId + ": " + message);
        this.decisionId = decisionId;
    }

    /** The id of the FAILED audit record. */
    public String decisionId() {
        return decisionId;
    }
}
