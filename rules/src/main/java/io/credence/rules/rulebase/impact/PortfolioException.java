package io.credence.rules.rulebase.impact;

/** A portfolio file that cannot be read at all (missing, or a header that names wrong columns); no row was decided. */
public final class PortfolioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public PortfolioException(String message) {
        super(message);
    }
}
