package io.credence.rules.security.apikey;

import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization: Bearer crd_...} against the API key file. Every call looks at the
 * file's attributes (one {@code stat}: its identity, size and modification time); when they
 * changed, it reads the file again, so {@code credence keys revoke} takes effect on the next
 * request, without a restart. A file that disappears or no longer parses refuses every key until
 * it is fixed (fail closed). Thread-safe.
 *
 * <pre>{@code
 * Authenticator keys = ApiKeyAuthenticator.open(Path.of("/etc/credence/api-keys.json"));
 * keys.authenticate(new RequestCredentials("crd_...", Map.of()));   // Authenticated(loan-portal [decide])
 * }</pre>
 */
public final class ApiKeyAuthenticator implements Authenticator {

    /** {@link Principal#method()} of a principal proved by an API key. */
    public static final String METHOD = "api-key";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    private final Path file;
    private volatile Snapshot snapshot;

    /** What was read, and the attributes of the file it was read from. */
    private record Snapshot(Object fileKey, FileTime modified, long size, List<Entry> keys, String problem) {
    }

    /** A key's hash, decoded once, with the principal it proves. */
    private record Entry(byte[] sha256, Principal principal) {
    }

    private ApiKeyAuthenticator(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * Reads the key file now, so that a wrong path or a broken file stops the service at start.
     *
     * @throws IllegalArgumentException when the file is not a key file
     * @throws UncheckedIOException     when it does not exist or cannot be read
     */
    public static ApiKeyAuthenticator open(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UncheckedIOException("API key file " + file + " cannot be read (create it with: credence keys add"
                    + " --file " + file + " --name NAME --roles ROLE): " + e, e);
        }
        List<ApiKey> keys = ApiKeyFile.read(file);
        LOG.info("API keys: {} key(s) from {}", keys.size(), file.toAbsolutePath());
        return new ApiKeyAuthenticator(file, snapshot(attributes, keys));
    }

    @Override
    public Authentication authenticate(RequestCredentials request) {
        String token = request.bearer();
        if (token == null || !token.startsWith(ApiKey.PREFIX)) {
            return Authentication.NOT_MINE;
        }
        Snapshot current = current();
        if (current.keys() == null) {
            return new Authentication.Refused("API key refused: the key file " + file + " is unusable: " + current.problem());
        }
        byte[] presented = ApiKey.sha256(token);
        Principal match = null;
        // Every stored hash is compared, in constant time, whichever matches.
        for (Entry e : current.keys()) {
            if (java.security.MessageDigest.isEqual(e.sha256(), presented)) {
                match = e.principal();
            }
        }
        return match == null ? new Authentication.Refused("API key refused: unknown or revoked")
                : new Authentication.Authenticated(match);
    }

    /** The snapshot for the file as it is now, read again when its attributes changed. */
    private Snapshot current() {
        Snapshot s = snapshot;
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return replace(s, new Snapshot(null, null, -1, null, "cannot read its attributes: " + e));
        }
        if (s.keys() != null && same(s, now)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s.modified() != null && same(s, now)) {
                return s;
            }
            Snapshot fresh;
            try {
                fresh = snapshot(now, ApiKeyFile.read(file));
                LOG.info("API keys: {} key(s) from {} (the file changed)", fresh.keys().size(), file.toAbsolutePath());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                fresh = new Snapshot(now.fileKey(), now.lastModifiedTime(), now.size(), null, e.getMessage());
            }
            return replace(s, fresh);
        }
    }

    private synchronized Snapshot replace(Snapshot old, Snapshot fresh) {
        if (fresh.keys() == null && (old.keys() != null || !Objects.equals(old.problem(), fresh.problem()))) {
            LOG.error("API key file {} is unusable, every API key is refused until it is fixed: {}", file, fresh.problem());
        }
        snapshot = fresh;
        return fresh;
    }

    private static boolean same(Snapshot s, BasicFileAttributes now) {
        return Objects.equals(s.fileKey(), now.fileKey()) && Objects.equals(s.modified(), now.lastModifiedTime())
                && s.size() == now.size();
    }

    private static Snapshot snapshot(BasicFileAttributes attributes, List<ApiKey> keys) {
        List<Entry> entries = keys.stream().map(k -> new Entry(HexFormat.of().parseHex(k.sha256()),
                new Principal(k.name(), k.roles(), METHOD))).toList();
        return new Snapshot(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), entries, null);
    }
}
