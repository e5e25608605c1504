/**
 * API keys for systems that call the decision service: random keys ({@code crd_} and 32 random
 * bytes, base64url) handed out once, of which the service keeps only the SHA-256 in a small JSON
 * file ({@link io.credence.rules.security.apikey.ApiKeyFile}), and the
 * {@link io.credence.rules.security.apikey.ApiKeyAuthenticator} that checks
 * {@code Authorization: Bearer crd_...} against that file, re-reading it when it changes so that
 * a revoked key stops working without a restart. The {@code credence keys} command is in
 * {@code apikey.cli}.
 */
package io.credence.rules.security.apikey;
