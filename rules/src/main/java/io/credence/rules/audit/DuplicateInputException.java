package io.credence.rules.audit;

/**
 * The store refused a record because the identical input of the same application is already
 * recorded (the unique idempotency key), e.g. written by another service instance a moment
 * earlier. The caller answers with that record instead.
 */
public class DuplicateInputException extends RuntimeException {

    private final String existingDecisionId;

    public DuplicateInputException(String existingDecisionId, String message, Throwable cause) {
        super(message, cause);
        this.existingDecisionId = existingDecisionId;
    }

    /** The decision already recorded for this input. */
    public String existingDecisionId() {
        return existingDecisionId;
    }
}
