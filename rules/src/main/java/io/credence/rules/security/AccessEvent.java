package io.credence.rules.security;

import java.time.Instant;

/**
 * One line of the access log: who did what to which decision, when.
 *
 * @param at         when
 * @param principal  who, as {@link Principal#id()} ({@code api-key:loan-portal}, {@code session:alice},
 *                   {@code jwt:SUBJECT}), so that a key, a user and a token subject of one name are
 *                   told apart; {@code anonymous} for a failed sign-in
 * @param action     e.g. {@code view-decision}, {@code view-page}, {@code reveal-input}, {@code sign-in},
 *                   {@code sign-in-failed}, {@code sign-out}, {@code erase}
 * @param decisionId the decision concerned, or null
 * @param detail     the reason given for a reveal, the channel (api/page), or null; never personal data
 */
public record AccessEvent(Instant at, String principal, String action, String decisionId, String detail) {

    /** What {@code principal} did, recorded under its {@link Principal#id()}. */
    public static AccessEvent by(Instant at, Principal principal, String action, String decisionId, String detail) {
        return new AccessEvent(at, principal.id(), action, decisionId, detail);
    }

    public AccessEvent {
        if (at == null || principal == null || principal.isBlank() || action == null || action.isBlank()) {
            throw new IllegalArgumentException("an access event has a time, a principal and an action");
        }
    }
}
