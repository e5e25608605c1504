package io.credence.plugin.runtime;

/**
 * The model ran but its output is not a probability: NaN, infinite, or outside [0, 1]. The value
 * is never handed on as a score; callers that catch {@link ScoringException} treat it like any
 * other failure to score (the DRL functions turn it into a {@code ModelScore} with
 * {@code scored == false}).
 */
public final class InvalidModelOutputException extends ScoringException {

    private final double value;

    InvalidModelOutputException(String modelId, String message, double value) {
        super(modelId, message, null);
        this.value = value;
    }

    /** The (first) offending output value, e.g. NaN or -0.5. */
    public double value() {
        return value;
    }
}
