package io.credence.rules.security;

/**
 * Proves who a request comes from, from one kind of credential. Implementations: API keys and
 * OIDC bearer tokens ({@code Authorization: Bearer ...}), browser sessions (a cookie).
 * Thread-safe.
 */
public interface Authenticator {

    /**
     * @param request what the authenticator may look at: the bearer token and the cookies
     * @return {@link Authentication#NOT_MINE} when the request carries no credential of this kind
     */
    Authentication authenticate(RequestCredentials request);
}
