/**
 * Access control, once for every channel of the HTTP server: who the caller is
 * ({@link io.credence.rules.security.Authenticator}s for API keys, OIDC bearer tokens and browser
 * sessions), what each {@link io.credence.rules.security.Role} may do
 * ({@link io.credence.rules.security.AccessPolicy}, deny by default), and who looked at what
 * ({@link io.credence.rules.security.AccessLog}). See {@code docs/security.md}.
 */
package io.credence.rules.security;
