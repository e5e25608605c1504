package io.credence.rules.security.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the identity provider's public keys come from: a JWK set file, read once, or a JWKS URL
 * ({@code https}, or {@code http} on loopback only), fetched with bounded connect and read
 * timeouts and cached by nimbus ({@link JWKSourceBuilder}: 5 minutes, refreshed ahead of expiry
 * in the background, kept through an outage of the provider, fetched again at once when a token
 * names a {@code kid} the cache does not have, at most once per 30 s).
 *
 * <pre>{@code
 * JWKSource<SecurityContext> keys = JwksSources.open("https://idp.example.com/realms/credit/protocol/openid-connect/certs",
 *         Duration.ofSeconds(2));
 * }</pre>
 */
public final class JwksSources {

    private static final Logger LOG = LoggerFactory.getLogger(JwksSources.class);

    private JwksSources() {
    }

    /**
     * @param location a file path, or an {@code https://} URL ({@code http://} only for a loopback host)
     * @param timeout  connect and read timeout of each fetch of a URL
     * @throws IllegalArgumentException when the URL is not https and not loopback, or the file is not a JWK set
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static JWKSource<SecurityContext> open(String location, Duration timeout) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return url(location, timeout);
        }
        return file(Path.of(location));
    }

    /** A JWK set file; only its public keys are kept (private and symmetric keys are dropped). */
    public static JWKSource<SecurityContext> file(Path file) {
        try {
            JWKSet set = JWKSet.load(file.toFile()).toPublicJWKSet();
            if (set.getKeys().isEmpty()) {
                throw new IllegalArgumentException("JWK set file " + file + " has no public keys");
            }
            LOG.info("bearer tokens: {} public key(s) from {}", set.getKeys().size(), file.toAbsolutePath());
            return new ImmutableJWKSet<>(set);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JWK set file " + file + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWK set file " + file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static JWKSource<SecurityContext> url(String location, Duration timeout) {
        URL url;
        try {
            url = URI.create(location).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException("credence.security.jwks is not a URL: " + location, e);
        }
        if (!url.getProtocol().equalsIgnoreCase("https") && !loopback(url.getHost())) {
            throw new IllegalArgumentException("credence.security.jwks must be an https URL (http only on a loopback"
                    + " host such as 127.0.0.1), was " + location);
        }
        int millis = (int) Math.max(1, timeout.toMillis());
        // Refreshed ahead of expiry in the background and kept through an outage of the provider, so that a
        // request (checked on the event loop) waits for a fetch only for a kid the cached set lacks.
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(millis, millis, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
                .refreshAheadCache(true)
                .outageTolerant(true)
                .build();
        try {
            int n = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
            LOG.info("bearer tokens: {} key(s) from {}", n, location);
        } catch (KeySourceException e) {
            // Not fatal: the provider may come up after the service; tokens are refused until it does.
            LOG.warn("bearer tokens: the JWK set at {} cannot be fetched now ({}); tokens are refused until it can",
                    location, e.getMessage());
        }
        return source;
    }

    /** {@code localhost} or a loopback address literal; host names are not resolved. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
