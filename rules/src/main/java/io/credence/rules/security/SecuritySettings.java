package io.credence.rules.security;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the service proves who calls it: API keys, OIDC / OAuth 2 bearer tokens, or neither (then
 * access control is off and everything is as without it). Read from the {@code credence.security.*}
 * settings by {@code ServiceSettings}; see {@code docs/security.md}.
 *
 * <pre>{@code
 * SecuritySettings s = new SecuritySettings(Path.of("keys.json"), null, null, null, "roles",
 *         Duration.ofSeconds(60), Duration.ofSeconds(2));
 * s.enabled();   // true: requests need an API key
 * }</pre>
 *
 * @param apiKeys     {@code credence.security.api-keys}: the API key file ({@code credence keys add}); null = no keys
 * @param jwks        {@code credence.security.jwks}: the identity provider's JWK set, a file or an {@code https}
 *                    URL ({@code http} only on loopback); null or blank = no bearer tokens
 * @param issuer      {@code credence.security.issuer}: the exact {@code iss} tokens must carry
 * @param audience    {@code credence.security.audience}: a value the tokens' {@code aud} must contain
 * @param rolesClaim  {@code credence.security.roles-claim}: the claim with the roles, an array or a
 *                    space-separated string; a dotted path such as {@code realm_access.roles} reaches
 *                    into objects when no claim has the whole name
 * @param clockSkew   {@code credence.security.clock-skew}: how far {@code exp} and {@code nbf} may be off, at most 5 minutes
 * @param jwksTimeout {@code credence.security.jwks-timeout}: connect and read timeout for a JWKS URL
 */
public record SecuritySettings(Path apiKeys, String jwks, String issuer, String audience, String rolesClaim,
                               Duration clockSkew, Duration jwksTimeout) {

    /** The longest clock skew accepted: beyond it an expired token would stay usable for too long. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public SecuritySettings {
        jwks = blankToNull(jwks);
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        if (jwks != null && issuer == null) {
            throw new IllegalArgumentException("credence.security.issuer is required with credence.security.jwks"
                    + " (the exact iss of the identity provider's tokens)");
        }
        if (jwks != null && audience == null) {
            throw new IllegalArgumentException("credence.security.audience is required with credence.security.jwks"
                    + " (the aud the identity provider puts in tokens for this service)");
        }
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("credence.security.roles-claim must name a claim, e.g. roles");
        }
        rolesClaim = rolesClaim.strip();
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("credence.security.clock-skew must be 0s..5m, was " + clockSkew);
        }
        if (jwksTimeout == null || jwksTimeout.toMillis() < 1 || jwksTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("credence.security.jwks-timeout must be 1ms..1m, was " + jwksTimeout);
        }
    }

    /** API keys, bearer tokens or both are configured: every request not open to all needs credentials. */
    public boolean enabled() {
        return apiKeys != null || jwks != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
