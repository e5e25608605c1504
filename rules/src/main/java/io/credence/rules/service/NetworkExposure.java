package io.credence.rules.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who could reach the service as configured, and whether it may start so. With no
 * authentication configured the service listens on loopback only; a non-loopback host
 * ({@code 0.0.0.0}, {@code ::}, a LAN address) needs authentication ({@code --api-keys},
 * {@code --jwks}/{@code --issuer}/{@code --audience} or {@code --users}) and should have TLS, or
 * an explicit {@code --insecure}, which is warned about on every start.
 *
 * <pre>{@code
 * NetworkExposure exposure = NetworkExposure.of(settings);
 * exposure.refusal().ifPresent(message -> { throw new ExposureRefusedException(message); });
 * exposure.warnings().forEach(LOG::warn);
 * }</pre>
 *
 * @param host          the configured interface ({@code credence.http.host})
 * @param loopback      true when every address {@code host} resolves to is a loopback address
 * @param authenticated true when {@link ServiceSettings#securityConfigured()}
 * @param tls           true when the server speaks HTTPS
 * @param insecure      {@code --insecure} ({@code credence.security.insecure}): start on a non-loopback host without authentication
 */
public record NetworkExposure(String host, boolean loopback, boolean authenticated, boolean tls, boolean insecure) {

    /** What {@code --host} defaults to and what a refusal suggests. */
    public static final String LOOPBACK = "127.0.0.1";

    public static NetworkExposure of(ServiceSettings settings) {
        return new NetworkExposure(settings.httpHost(), isLoopback(settings.httpHost()), settings.securityConfigured(),
                settings.tls().enabled(), settings.insecure());
    }

    /**
     * True when {@code host} names loopback addresses only ({@link InetAddress#isLoopbackAddress()} on
     * every address it resolves to). The wildcard ({@code 0.0.0.0}, {@code ::}), a LAN address, a
     * name that does not resolve and the empty host are not loopback.
     */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.strip());
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Why the service must not start, when it must not: a non-loopback host, no authentication, no {@code --insecure}. */
    public Optional<String> refusal() {
        if (loopback || authenticated || insecure) {
            return Optional.empty();
        }
        return Optional.of("refusing to listen on " + host + " (credence.http.host): it is not a loopback address and no"
                + " authentication is configured, so anyone who can reach it could ask for decisions and read the"
                + " audit log's personal data. Configure authentication: --api-keys FILE (credence.security.api-keys),"
                + " or --jwks URL --issuer ISSUER --audience AUDIENCE (credence.security.jwks), or --users FILE"
                + " (credence.security.users); and TLS: --tls-cert PEM --tls-key PEM, or --tls-keystore FILE.p12."
                + " Or listen on loopback only (--host " + LOOPBACK + ", the default)."
                + " To start anyway without authentication, give --insecure. See docs/security.md.");
    }

    /** What to warn about on this start: {@code --insecure} always; tokens in clear text on a network. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (insecure && !authenticated) {
            warnings.add("--insecure: no authentication is configured" + (loopback ? "" : " and the service listens on "
                    + host + ", not loopback only: anyone who can reach it can ask for decisions and read the audit log")
                    + "; see docs/security.md");
        } else if (insecure) {
            warnings.add("--insecure is given; authentication is configured, so it has no effect; see docs/security.md");
        }
        if (authenticated && !tls && !loopback) {
            warnings.add("authentication is configured but TLS is not, and the service listens on " + host
                    + ": API keys, tokens, passwords and session cookies travel in clear text; configure"
                    + " --tls-cert/--tls-key or --tls-keystore (see docs/security.md#tls)");
        }
        return warnings;
    }

    /** What to say on this start that is not a warning. */
    public List<String> notices() {
        if (!authenticated && loopback && !insecure) {
            return List.of("no authentication is configured: listening on loopback only; see docs/security.md");
        }
        return List.of();
    }
}
