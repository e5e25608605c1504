package io.credence.rules.security.apikey;

import io.credence.rules.security.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One API key as the key file keeps it: never the key, only its SHA-256.
 *
 * <pre>{@code
 * String key = ApiKey.newKey();                              // shown to the operator once
 * ApiKey stored = ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), key);
 * stored.matches(key);                                       // true
 * }</pre>
 *
 * <p>A plain SHA-256 is enough because the key is 256 random bits, not a password: there is no
 * dictionary to try, and a preimage of SHA-256 is out of reach, so a slow or peppered hash would
 * add cost without adding safety. Anyone who can read the key file still cannot call the service.
 *
 * @param name      unique, e.g. {@code loan-portal}: letters, digits, {@code . _ -}, at most 64
 * @param roles     what the key may do (may be empty: then only what any principal may, e.g. /health)
 * @param createdAt when it was made
 * @param sha256    SHA-256 of the key's UTF-8 bytes, 64 lower-case hex digits
 */
public record ApiKey(String name, Set<Role> roles, Instant createdAt, String sha256) {

    /** Every key starts with this, so the service tells a key from a JWT at a glance. */
    public static final String PREFIX = "crd_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int KEY_BYTES = 32;

    public ApiKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an API key name is 1..64 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, was '" + name + "'");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        if (createdAt == null) {
            throw new IllegalArgumentException("API key " + name + " has no creation time");
        }
        createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("API key " + name + ": sha256 must be 64 lower-case hex digits");
        }
    }

    /** The stored form of {@code key}. */
    public static ApiKey of(String name, Set<Role> roles, Instant createdAt, String key) {
        return new ApiKey(name, roles, createdAt, HexFormat.of().formatHex(sha256(key)));
    }

    /** A new random key: {@value #PREFIX} and 32 bytes from {@link SecureRandom}, base64url without padding. */
    public static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code key} is this one; compares the hashes in constant time. */
    public boolean matches(String key) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256), sha256(key));
    }

    /** The first 8 hex digits of the hash: enough to tell keys apart in a listing, useless to an attacker. */
    public String fingerprint() {
        return sha256.substring(0, 8);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
