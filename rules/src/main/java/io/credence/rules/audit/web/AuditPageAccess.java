package io.credence.rules.audit.web;

import io.credence.rules.security.Principal;
import io.credence.rules.security.http.RequestPrincipal;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.Session;
import io.credence.rules.security.session.SessionAuthenticator;
import io.credence.rules.security.session.SignedIn;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * How the compliance pages learn who is asking. They do not authenticate anybody themselves: the
 * service's one access control ({@code security.http.AccessControlHandler}) has already proved the
 * caller (an API key, a bearer token or the browser session's cookie) and checked the role the
 * access policy names, and hands the principal on ({@link RequestPrincipal}). The pages only look
 * up the browser session of a {@code session} principal, for its CSRF token and for signing out.
 * Without access control (no keys, tokens or users configured; loopback only), every request is
 * one fixed principal.
 *
 * <pre>{@code
 * AuditPageAccess pages = AuditPageAccess.checked(BrowserSignIn.open(settings, accessLog, clock), tls);
 * AuditPageAccess local = AuditPageAccess.open(new Principal("anonymous", Set.of(Role.REVIEW), "loopback"));
 * }</pre>
 */
public final class AuditPageAccess {

    private final BrowserSignIn signIn;
    private final Principal everyone;
    private final boolean secureCookies;

    private AuditPageAccess(BrowserSignIn signIn, Principal everyone, boolean secureCookies) {
        this.signIn = signIn;
        this.everyone = everyone;
        this.secureCookies = secureCookies;
    }

    /**
     * Behind the access control: the principal it proved.
     *
     * @param signIn        the browser sign-in at {@code /audit/sign-in}, or null when no users are configured
     * @param secureCookies true when the server runs TLS: the cookies then carry {@code Secure}
     */
    public static AuditPageAccess checked(BrowserSignIn signIn, boolean secureCookies) {
        return new AuditPageAccess(signIn, null, secureCookies);
    }

    /** No access control: every request is {@code everyone} (a loopback-only service without security). */
    public static AuditPageAccess open(Principal everyone) {
        if (everyone == null) {
            throw new IllegalArgumentException("an open page needs the principal every request is");
        }
        return new AuditPageAccess(null, everyone, false);
    }

    /** The browser sign-in, when the pages have one. */
    public Optional<BrowserSignIn> browserSignIn() {
        return Optional.ofNullable(signIn);
    }

    boolean secureCookies() {
        return secureCookies;
    }

    /** Who a request is: a principal (with its session when it is a browser session), or nobody. */
    record Caller(Principal principal, Session session) {

        static final Caller NOBODY = new Caller(null, null);

        Viewer viewer() {
            return new Viewer(principal, session == null ? null : session.csrfToken());
        }
    }

    /**
     * The caller of an exchange: the access control's principal and, for a browser session, the
     * session of its cookie (so a form can be checked against the session's CSRF token). A session
     * principal whose session ended since the access control saw it is nobody.
     */
    Caller identify(Exchange exchange) {
        if (everyone != null) {
            return new Caller(everyone, null);
        }
        Principal principal = RequestPrincipal.of(exchange);
        if (principal == null) {
            return Caller.NOBODY;
        }
        if (!SessionAuthenticator.METHOD.equals(principal.method())) {
            return new Caller(principal, null);
        }
        String cookie = BrowserRequest.cookies(exchange).get(SessionAuthenticator.COOKIE);
        Optional<SignedIn> live = signIn == null ? Optional.empty() : signIn.authenticator().resolve(cookie);
        return live.map(s -> new Caller(s.principal(), s.session())).orElse(Caller.NOBODY);
    }
}
