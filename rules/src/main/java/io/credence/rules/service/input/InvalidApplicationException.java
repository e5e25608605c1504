package io.credence.rules.service.input;

import java.util.List;

/** The input is not a valid loan application; carries every violation found, not just the first. */
public final class InvalidApplicationException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidApplicationException(List<Violation> violations) {
        super(summary(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid application has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        return violations.size() + " violation(s): " + violations;
    }
}
