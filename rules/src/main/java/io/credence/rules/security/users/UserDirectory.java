package io.credence.rules.security.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users the service knows, from a {@link UsersFile} that it reads again when the file
 * changed, so that {@code credence users add/remove} takes effect without a restart (a removed
 * user's sessions end at their next request). Thread-safe.
 *
 * <pre>{@code
 * UserDirectory users = new UserDirectory(new UsersFile(path), Passwords.DEFAULT);
 * Optional<User> who = users.verify(name, password);   // one BCrypt check, known name or not
 * }</pre>
 */
public final class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    private final UsersFile file;
    private final Passwords passwords;
    /** Checked for names that are not in the file, so that they take as long as known ones. */
    private final String decoyHash;

    private record Snapshot(Object fileKey, long modified, long size, UsersFile.Users users) {
    }

    private volatile Snapshot snapshot;

    /**
     * @param passwords the hasher of the decoy checked for unknown names; use the cost the file's
     *                  hashes have so that both take the same time
     * @throws IllegalArgumentException when the file exists but is not a valid users file
     */
    public UserDirectory(UsersFile file, Passwords passwords) {
        this.file = file;
        this.passwords = passwords;
        this.decoyHash = passwords.hash("decoy password never matched " + System.nanoTime());
        this.snapshot = read();
    }

    /**
     * The user of that name and password. Runs exactly one BCrypt comparison whether the name is
     * known or not, so the time taken does not tell which; a malformed name is treated as unknown.
     */
    public Optional<User> verify(String name, String password) {
        Optional<User> user = User.isValidName(name) ? find(name) : Optional.empty();
        boolean matches = passwords.matches(password == null ? "" : password,
                user.map(User::passwordHash).orElse(decoyHash));
        return matches ? user : Optional.empty();
    }

    /** The user of that name as the file says now. */
    public Optional<User> find(String name) {
        return current().find(name);
    }

    /** All users as the file says now. */
    public UsersFile.Users current() {
        Snapshot s = snapshot;
        if (changed(s)) {
            synchronized (this) {
                s = snapshot;
                if (changed(s)) {
                    try {
                        s = read();
                        snapshot = s;
                    } catch (IllegalArgumentException e) {
                        // A broken edit does not lock everybody out or in: keep the last good users.
                        LOG.warn("keeping the users read before: {}", e.getMessage());
                    }
                }
            }
        }
        return s.users();
    }

    private boolean changed(Snapshot s) {
        Snapshot now = stat();
        return !(now.modified() == s.modified() && now.size() == s.size()
                && java.util.Objects.equals(now.fileKey(), s.fileKey()));
    }

    private Snapshot read() {
        Snapshot before = stat();
        return new Snapshot(before.fileKey(), before.modified(), before.size(), file.load());
    }

    private Snapshot stat() {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return new Snapshot(a.fileKey(), a.lastModifiedTime().toMillis(), a.size(), null);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, -1, -1, null);
        } catch (IOException e) {
            return new Snapshot(null, -2, -2, null);
        }
    }
}
