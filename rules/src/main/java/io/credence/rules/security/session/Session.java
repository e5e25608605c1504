package io.credence.rules.security.session;

import java.time.Instant;

/**
 * One signed-in browser, as the server keeps it.
 *
 * @param id        the session cookie's value: 32 random bytes, base64url; never logged
 * @param user      the user's name
 * @param csrfToken the synchronizer token every form that changes something must carry: 32 other random bytes
 * @param createdAt when the user signed in
 * @param lastSeen  the last request of this session; it ends after the idle timeout without one
 */
public record Session(String id, String user, String csrfToken, Instant createdAt, Instant lastSeen) {

    public Session {
        if (id == null || id.isEmpty() || csrfToken == null || csrfToken.isEmpty()) {
            throw new IllegalArgumentException("a session has an id and a CSRF token");
        }
        if (user == null || user.isBlank() || createdAt == null || lastSeen == null) {
            throw new IllegalArgumentException("a session has a user, a creation and a last-seen time");
        }
    }

    Session seen(Instant now) {
        return new Session(id, user, csrfToken, createdAt, now);
    }

    @Override
    public String toString() {
        // Neither the id nor the token: either would let a reader take the session over.
        return "Session[" + user + ", since " + createdAt + ", last seen " + lastSeen + "]";
    }
}
