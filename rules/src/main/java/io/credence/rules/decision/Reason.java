package io.credence.rules.decision;

/**
 * Why a decision is what it is.
 *
 * @param code    stable reason code, e.g. {@code KO_DEBT_TO_INCOME}
 * @param text    plain-language explanation for the applicant or reviewer
 * @param outcome the outcome this reason calls for
 * @param rule    name of the rule that gave it
 */
public record Reason(String code, String text, Outcome outcome, String rule) {

    public Reason {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("reason code is required");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("reason text is required for " + code);
        }
        if (outcome == null) {
            throw new IllegalArgumentException("reason outcome is required for " + code);
        }
    }
}
