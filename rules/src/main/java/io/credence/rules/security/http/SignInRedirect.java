package io.credence.rules.security.http;

import io.credence.rules.security.session.SessionAuthenticator;
import java.util.List;
import java.util.Locale;

/**
 * Where {@link AccessControlHandler} sends a browser that asks for a protected page without
 * credentials: instead of a bare 401, a {@code 303 See Other} to the sign-in form. It applies to
 * requests under {@code pathPrefix} whose {@code Accept} names {@code text/html} (a browser
 * navigating); API clients keep getting 401 with {@code WWW-Authenticate} and the JSON error body.
 *
 * <pre>{@code
 * SignInRedirect toSignIn = new SignInRedirect("/audit", "/audit/sign-in", tls.enabled());
 * new HttpAccessControl(port, access, toSignIn);
 * }</pre>
 *
 * @param pathPrefix    the pages' path, e.g. {@code /audit} (the path itself and everything below it)
 * @param signInPath    the sign-in form, open to all in the access policy
 * @param secureCookies whether the server runs TLS: the cookie that clears a stale session then carries {@code Secure}
 */
public record SignInRedirect(String pathPrefix, String signInPath, boolean secureCookies) {

    public SignInRedirect {
        if (pathPrefix == null || !pathPrefix.startsWith("/") || pathPrefix.endsWith("/")) {
            throw new IllegalArgumentException("a page path starts with / and does not end with one, was " + pathPrefix);
        }
        if (signInPath == null || !signInPath.startsWith(pathPrefix + "/")) {
            throw new IllegalArgumentException("the sign-in form must be below " + pathPrefix + ", was " + signInPath);
        }
    }

    /** Whether a request (its normalised path and {@code Accept} header) is a browser asking for a page. */
    public boolean applies(String path, List<String> accept) {
        if (path == null || !(path.equals(pathPrefix) || path.startsWith(pathPrefix + "/"))) {
            return false;
        }
        return accept.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains("text/html"));
    }

    /** The {@code Set-Cookie} value that removes a session cookie the server no longer knows. */
    public String expiredSessionCookie() {
        return SessionAuthenticator.expiredCookie(SessionAuthenticator.COOKIE, pathPrefix, secureCookies);
    }
}
