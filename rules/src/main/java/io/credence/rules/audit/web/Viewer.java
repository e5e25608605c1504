package io.credence.rules.audit.web;

import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;

/**
 * Who is looking at a compliance page, as far as the page needs to know: whom to name in its
 * header, which forms to offer, and the session's CSRF token to put in them.
 *
 * @param principal the signed-in user or the caller's key, or null (no header, no forms)
 * @param csrfToken the browser session's synchronizer token, or null when the caller is not a
 *                  browser session (a bearer token carries no ambient credential to forge)
 */
public record Viewer(Principal principal, String csrfToken) {

    /** Nobody in particular: the page shows no header and no forms (tests, previews). */
    public static final Viewer NONE = new Viewer(null, null);

    public boolean has(Role role) {
        return principal != null && principal.has(role);
    }

    /** Whether the viewer signed in with a browser session (and so has a sign-out button). */
    public boolean inSession() {
        return csrfToken != null;
    }
}
