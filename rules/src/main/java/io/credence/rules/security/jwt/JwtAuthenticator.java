package io.credence.rules.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.Role;
import io.credence.rules.security.SecuritySettings;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a principal from an OIDC / OAuth 2 access token ({@code Authorization: Bearer eyJ...}):
 * nimbus's {@link DefaultJWTProcessor} checks the signature (RS256, ES256 or EdDSA only, see
 * {@link SignatureKeys}), the type ({@code JWT}, {@code at+jwt} or none), the exact issuer, the
 * audience, and {@code exp} / {@code nbf} within the clock skew; {@code sub}, {@code iss},
 * {@code aud} and {@code exp} are required. The principal is named by {@code sub}; its roles are
 * the labels of the roles claim that name a {@link Role} (others, such as Keycloak's
 * {@code offline_access}, are ignored). Thread-safe.
 *
 * <pre>{@code
 * Authenticator tokens = JwtAuthenticator.of(settings);   // settings.jwks(), issuer(), audience(), ...
 * tokens.authenticate(new RequestCredentials("eyJ...", Map.of()));
 * }</pre>
 */
public final class JwtAuthenticator implements Authenticator {

    /** {@link Principal#method()} of a principal proved by a bearer token. */
    public static final String METHOD = "jwt";
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String rolesClaim;

    /**
     * @param keys       the identity provider's public keys
     * @param issuer     the exact {@code iss}
     * @param audience   a value {@code aud} must contain
     * @param rolesClaim the claim with the roles (a dotted path reaches into objects)
     * @param clockSkew  how far {@code exp} and {@code nbf} may be off
     */
    public JwtAuthenticator(JWKSource<SecurityContext> keys, String issuer, String audience, String rolesClaim,
                            Duration clockSkew) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(SignatureKeys.selector(keys));
        p.setJWSVerifierFactory(SignatureKeys.verifiers());
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iss", "aud", "exp"), null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        this.processor = p;
        this.rolesClaim = rolesClaim;
    }

    /** The authenticator of {@code settings}' JWK set, issuer, audience, roles claim and clock skew. */
    public static JwtAuthenticator of(SecuritySettings settings) {
        if (settings.jwks() == null) {
            throw new IllegalArgumentException("credence.security.jwks is not set");
        }
        LOG.info("bearer tokens: issuer {}, audience {}, roles from claim {}, clock skew {} s", settings.issuer(),
                settings.audience(), settings.rolesClaim(), settings.clockSkew().toSeconds());
        return new JwtAuthenticator(JwksSources.open(settings.jwks(), settings.jwksTimeout()), settings.issuer(),
                settings.audience(), settings.rolesClaim(), settings.clockSkew());
    }

    /** Takes bearer tokens that look like a JWS (dot-separated); API keys have no dot. */
    @Override
    public Authentication authenticate(RequestCredentials request) {
        String token = request.bearer();
        if (token == null || token.indexOf('.') < 0) {
            return Authentication.NOT_MINE;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            // nimbus's messages name the check that failed, never the token.
            return new Authentication.Refused("bearer token refused: " + e.getMessage());
        }
        return new Authentication.Authenticated(new Principal(claims.getSubject(), roles(claims, rolesClaim), METHOD));
    }

    /**
     * The roles a token's claims grant: the claim named {@code claim} (or, when there is none, the
     * dotted path into objects, e.g. {@code realm_access.roles}), an array of labels or one
     * space-separated string; unknown labels are ignored.
     */
    static Set<Role> roles(JWTClaimsSet claims, String claim) {
        Object value = claims.getClaim(claim);
        if (value == null && claim.contains(".")) {
            Object node = claims.getClaims();
            for (String part : claim.split("\\.")) {
                node = node instanceof Map<?, ?> map ? map.get(part) : null;
            }
            value = node;
        }
        Collection<?> labels = value instanceof String s ? List.of(s.strip().split("\\s+"))
                : value instanceof Collection<?> c ? c : List.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object label : labels) {
            if (label instanceof String s && !s.isBlank()) {
                try {
                    roles.add(Role.of(s));
                } catch (IllegalArgumentException e) {
                    LOG.debug("token role {} is not a Credence role; ignored", s);
                }
            }
        }
        return roles;
    }
}
