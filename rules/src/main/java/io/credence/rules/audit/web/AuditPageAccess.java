package io.credence.rules.audit.web;

import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.Session;
import io.credence.rules.security.session.SessionAuthenticator;
import io.credence.rules.security.session.SignedIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the compliance pages learn who is asking. With browser sign-in, a page needs a live
 * session (the cookie of {@link SessionAuthenticator}) or a credential one of the added
 * authenticators accepts (API keys, bearer tokens); without it, every request is one fixed
 * principal. The pages check their own roles with it: the search and decision pages need
 * {@code review}, a reveal {@code review-pii}, the access log {@code admin}.
 *
 * <pre>{@code
 * AuditPageAccess access = AuditPageAccess.signIn(BrowserSignIn.open(settings, accessLog, clock), tls)
 *         .withAuthenticators(List.of(apiKeys, jwt));
 * AuditPageAccess local = AuditPageAccess.open(new Principal("local", Set.of(Role.REVIEW), "loopback"));
 * }</pre>
 */
public final class AuditPageAccess {

    private final BrowserSignIn signIn;
    private final List<Authenticator> authenticators;
    private final Principal everyone;
    private final boolean secureCookies;

    private AuditPageAccess(BrowserSignIn signIn, List<Authenticator> authenticators, Principal everyone,
                            boolean secureCookies) {
        this.signIn = signIn;
        this.authenticators = List.copyOf(authenticators);
        this.everyone = everyone;
        this.secureCookies = secureCookies;
    }

    /**
     * Browser sign-in at {@code /audit/sign-in}.
     *
     * @param secureCookies true when the server runs TLS: the cookies then carry {@code Secure}
     */
    public static AuditPageAccess signIn(BrowserSignIn signIn, boolean secureCookies) {
        if (signIn == null) {
            throw new IllegalArgumentException("browser sign-in needs a BrowserSignIn");
        }
        return new AuditPageAccess(signIn, List.of(), null, secureCookies);
    }

    /** No sign-in: every request is {@code everyone} (a loopback-only service without users). */
    public static AuditPageAccess open(Principal everyone) {
        if (everyone == null) {
            throw new IllegalArgumentException("an open page needs the principal every request is");
        }
        return new AuditPageAccess(null, List.of(), everyone, false);
    }

    /** These, and also the principals these authenticators accept (asked in order, after the session). */
    public AuditPageAccess withAuthenticators(List<Authenticator> more) {
        List<Authenticator> all = new ArrayList<>(authenticators);
        all.addAll(more);
        return new AuditPageAccess(signIn, all, everyone, secureCookies);
    }

    /** The browser sign-in, when the pages have one. */
    public Optional<BrowserSignIn> browserSignIn() {
        return Optional.ofNullable(signIn);
    }

    boolean secureCookies() {
        return secureCookies;
    }

    /**
     * Who a request is: a principal (with its session when it is a browser session), or nobody;
     * {@code refused} when it carried a credential that is no longer good (a signed-out session).
     */
    record Caller(Principal principal, Session session, boolean refused) {

        static final Caller NOBODY = new Caller(null, null, false);

        Viewer viewer() {
            return new Viewer(principal, session == null ? null : session.csrfToken());
        }
    }

    Caller identify(Map<String, String> cookies, String bearer) {
        boolean refused = false;
        String sessionId = cookies.get(SessionAuthenticator.COOKIE);
        if (signIn != null && sessionId != null) {
            Optional<SignedIn> live = signIn.authenticator().resolve(sessionId);
            if (live.isPresent()) {
                return new Caller(live.get().principal(), live.get().session(), false);
            }
            refused = true;
        }
        RequestCredentials credentials = new RequestCredentials(bearer, cookies);
        for (Authenticator a : authenticators) {
            Authentication result = a.authenticate(credentials);
            if (result instanceof Authentication.Authenticated ok) {
                return new Caller(ok.principal(), null, false);
            }
            if (result instanceof Authentication.Refused) {
                refused = true;
            }
        }
        if (refused) {
            return new Caller(null, null, true);
        }
        return everyone == null ? Caller.NOBODY : new Caller(everyone, null, false);
    }
}
