package io.credence.rules.audit.proof;

/**
 * The outcome of checking a proof or a signature: valid, or the reason it is not.
 *
 * <pre>{@code
 * Verification v = document.verify(publicKey);
 * if (!v.valid()) System.err.println("receipt not verified: " + v.problem());
 * }</pre>
 *
 * @param valid   whether the check passed
 * @param problem why it did not, in words a reviewer understands; null when valid
 */
public record Verification(boolean valid, String problem) {

    private static final Verification OK = new Verification(true, null);

    public Verification {
        if (valid && problem != null) {
            throw new IllegalArgumentException("a valid verification has no problem, got '" + problem + "'");
        }
        if (!valid && (problem == null || problem.isBlank())) {
            throw new IllegalArgumentException("a failed verification must say why");
        }
    }

    public static Verification ok() {
        return OK;
    }

    public static Verification failed(String problem) {
        return new Verification(false, problem);
    }

    /** This outcome, its problem prefixed with what was checked ("checkpoint: ..."). */
    Verification within(String what) {
        return valid ? this : failed(what + ": " + problem);
    }
}
