package io.credence.rules.security.users;

import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One person who may sign in to the compliance page.
 *
 * <pre>{@code
 * User alice = new User("alice", Set.of(Role.REVIEW), Passwords.DEFAULT.hash(password), Instant.now());
 * }</pre>
 *
 * @param name         1 to 64 of {@code A-Z a-z 0-9 . _ @ -}; shown in the access log
 * @param roles        what the user may do, at least one
 * @param passwordHash the BCrypt hash of the password ({@code $2a$12$...}), never the password
 * @param createdAt    when the user was added
 */
public record User(String name, Set<Role> roles, String passwordHash, Instant createdAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public User {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -, was '" + name + "'");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("user " + name + " needs at least one role");
        }
        roles = Set.copyOf(roles);
        if (passwordHash == null || !Passwords.isBcrypt(passwordHash)) {
            throw new IllegalArgumentException("user " + name + " has no BCrypt password hash");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("user " + name + " has no creation time");
        }
    }

    /** Whether a user name is well-formed (so that a malformed one is refused like an unknown one). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The principal of a signed-in browser session of this user. */
    public Principal principal() {
        return new Principal(name, roles, "session");
    }

    @Override
    public String toString() {
        // Never the hash.
        return "User[" + name + ", roles=" + roles + ", created " + createdAt + "]";
    }
}
