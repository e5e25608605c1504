/**
 * Browser sign-in for the compliance page: {@link io.credence.rules.security.session.BrowserSignIn}
 * checks a name and password against the users file (with a lock-out after repeated failures,
 * {@link io.credence.rules.security.session.SignInThrottle}), opens a server-side
 * {@link io.credence.rules.security.session.Session} in this service instance's
 * {@link io.credence.rules.security.session.SessionStore} (random id, CSRF token, idle timeout)
 * and writes every sign-in, failure and sign-out to the access log.
 * {@link io.credence.rules.security.session.SessionAuthenticator} is the
 * {@link io.credence.rules.security.Authenticator} of the session cookie. Nothing here is static
 * state: every service instance has its own sessions. See {@code docs/security.md}.
 */
package io.credence.rules.security.session;
