package io.credence.rules.security;

/** What an {@link Authenticator} made of a request's credentials. */
public sealed interface Authentication {

    /** The credentials are not of this authenticator's kind (e.g. no bearer token): ask the next one. */
    record NotMine() implements Authentication {
    }

    /** The credentials prove this principal. */
    record Authenticated(Principal principal) implements Authentication {
    }

    /**
     * The credentials are of this kind but bad (unknown or revoked key, bad signature, expired):
     * 401. {@code reason} is for the server log; the caller is told only that they were refused.
     */
    record Refused(String reason) implements Authentication {
    }

    Authentication NOT_MINE = new NotMine();
}
