package io.credence.rules.security.users;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * BCrypt password hashes (Spring Security's {@link BCryptPasswordEncoder}): a random salt per hash,
 * the cost in the hash, a comparison that does not stop at the first differing byte.
 *
 * <pre>{@code
 * String hash = Passwords.DEFAULT.hash(password);   // $2a$12$...
 * boolean ok = Passwords.DEFAULT.matches(password, hash);
 * }</pre>
 */
public final class Passwords {

    /** The cost of new hashes: 2^12 rounds (about a quarter of a second on one core). */
    public static final int DEFAULT_COST = 12;
    /** No hash is made with less. */
    public static final int MIN_COST = 10;
    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 12;
    /** BCrypt reads at most 72 bytes of a password; a longer one is refused rather than cut. */
    public static final int MAX_BYTES = 72;
    /** Hashes of {@value #DEFAULT_COST}. */
    public static final Passwords DEFAULT = new Passwords(DEFAULT_COST);

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./0-9A-Za-z]{53}");

    private final BCryptPasswordEncoder encoder;
    private final int cost;

    /** @param cost log2 of the rounds, {@value #MIN_COST} to 31 */
    public Passwords(int cost) {
        if (cost < MIN_COST || cost > 31) {
            throw new IllegalArgumentException("the BCrypt cost must be " + MIN_COST + " to 31, was " + cost);
        }
        this.cost = cost;
        this.encoder = new BCryptPasswordEncoder(cost);
    }

    public int cost() {
        return cost;
    }

    /**
     * The hash of a new password.
     *
     * @throws IllegalArgumentException when the password is shorter than {@value #MIN_LENGTH}
     *                                  characters or longer than {@value #MAX_BYTES} UTF-8 bytes
     */
    public String hash(String password) {
        check(password);
        return encoder.encode(password);
    }

    /** Whether a password is the one of a hash; false for anything that is not a BCrypt hash. */
    public boolean matches(String password, String hash) {
        if (password == null || hash == null || !isBcrypt(hash)
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        return encoder.matches(password, hash);
    }

    /** Why a new password is not acceptable; nothing when it is. */
    public static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a password has at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a password has at most " + MAX_BYTES + " bytes in UTF-8 (BCrypt reads no more)");
        }
    }

    /** Whether a text is a BCrypt hash of at least {@value #MIN_COST}. */
    static boolean isBcrypt(String hash) {
        var m = BCRYPT.matcher(hash);
        return m.matches() && Integer.parseInt(m.group(1)) >= MIN_COST;
    }
}
