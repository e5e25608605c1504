package io.credence.rules.security.session;

import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UserDirectory;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.time.Duration;
import java.util.Optional;

/**
 * The browser session's {@link Authenticator}: the cookie {@value #COOKIE} names a live session
 * of this service instance. No such cookie is {@link Authentication#NOT_MINE}; a cookie of a
 * session that was signed out, went idle, or is from before a restart is
 * {@link Authentication.Refused} (the pages send the browser to {@code /audit/sign-in}).
 *
 * <pre>{@code
 * Authenticator sessions = signIn.authenticator();      // BrowserSignIn
 * Authentication a = sessions.authenticate(new RequestCredentials(null, Map.of("credence_session", id)));
 * }</pre>
 *
 * <p>It checks no CSRF token: a request that changes something must also pass
 * {@link #csrfMatches}, which the pages do for their forms.
 */
public final class SessionAuthenticator implements Authenticator {

    /** The session cookie's name. */
    public static final String COOKIE = "credence_session";
    /** The {@link io.credence.rules.security.Principal#method()} of a browser session (as {@link User#principal()} makes it). */
    public static final String METHOD = "session";

    private final SessionStore sessions;
    private final UserDirectory users;

    public SessionAuthenticator(SessionStore sessions, UserDirectory users) {
        this.sessions = sessions;
        this.users = users;
    }

    @Override
    public Authentication authenticate(RequestCredentials request) {
        String id = request.cookies().get(COOKIE);
        if (id == null) {
            return Authentication.NOT_MINE;
        }
        return resolve(id).<Authentication>map(s -> new Authentication.Authenticated(s.principal()))
                .orElseGet(() -> new Authentication.Refused("no live session for the cookie (signed out, idle,"
                        + " user removed, or from before a restart)"));
    }

    /** The live session of a cookie value and its principal; a removed user's sessions end here. */
    public Optional<SignedIn> resolve(String cookieValue) {
        Optional<Session> session = sessions.find(cookieValue);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> user = users.find(session.get().user());
        if (user.isEmpty()) {
            sessions.endAll(session.get().user());
            return Optional.empty();
        }
        return Optional.of(new SignedIn(session.get(), user.get().principal()));
    }

    /** Whether a form's token is the session's synchronizer token (compared in constant time). */
    public static boolean csrfMatches(Session session, String token) {
        return session != null && Tokens.same(session.csrfToken(), token);
    }

    /**
     * A {@code Set-Cookie} value as every cookie of the sign-in carries it: {@code HttpOnly} (no
     * script reads it), {@code SameSite=Strict} (no other site's page sends it), and {@code Secure}
     * when the server runs TLS.
     *
     * @param maxAge null for a cookie that ends with the browser
     */
    public static String cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        Cookie c = Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(secure);
        if (maxAge != null) {
            c.setMaxAge(maxAge.toSeconds());
        }
        return c.encode();
    }

    /** A {@code Set-Cookie} value that removes the cookie {@code name} of {@code path}. */
    public static String expiredCookie(String name, String path, boolean secure) {
        return cookie(name, "", path, Duration.ZERO, secure);
    }
}
