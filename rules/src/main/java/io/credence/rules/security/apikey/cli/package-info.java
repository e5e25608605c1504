/**
 * {@code credence keys add|list|revoke}: hands out API keys (shown once), lists them without
 * showing keys or hashes, and revokes them; the running service notices the changed file on its
 * next request.
 */
package io.credence.rules.security.apikey.cli;
