package io.credence.rules.security.session;

import io.credence.rules.security.Principal;

/**
 * A live session and who it is: the principal carries the user's roles as the users file says
 * now, so a change of roles applies at the session's next request.
 */
public record SignedIn(Session session, Principal principal) {
}
