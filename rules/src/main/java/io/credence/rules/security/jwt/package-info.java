/**
 * OIDC / OAuth 2 bearer tokens: JWTs from an identity provider (Keycloak, Entra ID, Okta, ...),
 * verified with nimbus-jose-jwt against the provider's JWK set. Only RS256, ES256 and EdDSA
 * (Ed25519) signatures are accepted ({@link io.credence.rules.security.jwt.SignatureKeys}); the
 * issuer must match exactly, the audience must include the service, {@code exp} and {@code nbf}
 * are checked within a bounded clock skew, and the roles come from a configurable claim
 * ({@link io.credence.rules.security.jwt.JwtAuthenticator}).
 */
package io.credence.rules.security.jwt;
