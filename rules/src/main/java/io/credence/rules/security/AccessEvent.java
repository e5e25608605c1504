package io.credence.rules.security;

import java.time.Instant;

/**
 * One line of the access log: who did what to which decision, when.
 *
 * @param at         when
 * @param principal  the principal's name ({@code anonymous} for a failed sign-in)
 * @param action     e.g. {@code view-decision}, {@code view-page}, {@code reveal-input}, {@code sign-in},
 *                   {@code sign-in-failed}, {@code sign-out}, {@code erase}
 * @param decisionId the decision concerned, or null
 * @param detail     the reason given for a reveal, the channel (api/page), or null; never personal data
 */
public record AccessEvent(Instant at, String principal, String action, String decisionId, String detail) {

    public AccessEvent {
        if (at == null || principal == null || principal.isBlank() || action == null || action.isBlank()) {
            throw new IllegalArgumentException("an access event has a time, a principal and an action");
        }
    }
}
