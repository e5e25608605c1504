package io.credence.rules.security.http;

import io.credence.rules.security.AccessPolicy;
import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.SecuritySettings;
import io.credence.rules.security.apikey.ApiKeyAuthenticator;
import io.credence.rules.security.jwt.JwtAuthenticator;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a request is from and whether it may go on, without any HTTP plumbing: the policy says what
 * the method and path need; the authenticators are asked in order until one recognises the
 * credentials (the first that does not answer {@code NotMine} decides).
 *
 * <pre>{@code
 * AccessControl access = AccessControl.from(settings.security(), List.of(sessions));
 * AccessControl.Verdict v = access.check("GET", "/audit", credentials);
 * // Allowed(principal) | Unauthenticated(credentialsRefused) | Forbidden("this needs the role review")
 * }</pre>
 */
public final class AccessControl {

    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    /** What {@link #check} decided. */
    public sealed interface Verdict permits Allowed, Unauthenticated, Forbidden {
    }

    /** Go on; {@code principal} is null on an open path, where no credentials are looked at. */
    public record Allowed(Principal principal) implements Verdict {
    }

    /**
     * 401: no credentials, or credentials that were refused ({@code credentialsRefused}: a bearer
     * token was sent, or a credential an authenticator refused). Why is logged, not answered.
     */
    public record Unauthenticated(boolean credentialsRefused) implements Verdict {
    }

    /** 403: authenticated, but without what the path needs; {@code message} names it. */
    public record Forbidden(String message) implements Verdict {
    }

    private final AccessPolicy policy;
    private final List<Authenticator> authenticators;

    /** @param authenticators asked in this order; none = access control is off */
    public AccessControl(AccessPolicy policy, List<Authenticator> authenticators) {
        this.policy = policy;
        this.authenticators = List.copyOf(authenticators);
    }

    /**
     * The service's access control: API keys and bearer tokens as {@code settings} configure them,
     * then {@code more} (e.g. the browser session authenticator), under {@link AccessPolicy#SERVICE}.
     * Opens the key file and the JWK set now, so that a wrong setting stops the start.
     */
    public static AccessControl from(SecuritySettings settings, List<Authenticator> more) {
        List<Authenticator> all = new ArrayList<>();
        if (settings.apiKeys() != null) {
            all.add(ApiKeyAuthenticator.open(settings.apiKeys()));
        }
        if (settings.jwks() != null) {
            all.add(JwtAuthenticator.of(settings));
        }
        all.addAll(more);
        return new AccessControl(AccessPolicy.SERVICE, all);
    }

    /**
     * This access control with {@code more} asked after its own authenticators: the browser
     * session's, made once the audit store (its access log) is open.
     */
    public AccessControl with(Authenticator more) {
        List<Authenticator> all = new ArrayList<>(authenticators);
        all.add(more);
        return new AccessControl(policy, all);
    }

    /** Whether any authenticator is configured; without one, nothing is checked (security off). */
    public boolean enabled() {
        return !authenticators.isEmpty();
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** Whether a request may go on, and as whom. */
    public Verdict check(String method, String path, RequestCredentials credentials) {
        AccessPolicy.Requirement need = policy.requirement(method, path);
        if (need instanceof AccessPolicy.Open) {
            return new Allowed(null);
        }
        Principal principal = null;
        for (Authenticator a : authenticators) {
            Authentication result = a.authenticate(credentials);
            if (result instanceof Authentication.Authenticated ok) {
                principal = ok.principal();
                break;
            }
            if (result instanceof Authentication.Refused refused) {
                LOG.info("refused credentials for {} {}: {}", method, path, refused.reason());
                return new Unauthenticated(true);
            }
        }
        if (principal == null) {
            if (credentials.bearer() != null) {
                LOG.info("refused credentials for {} {}: a bearer token of no configured kind", method, path);
                return new Unauthenticated(true);
            }
            return new Unauthenticated(false);
        }
        if (!need.allows(principal)) {
            return new Forbidden("this needs " + need.describe());
        }
        return new Allowed(principal);
    }
}
