package io.credence.rules.security.users;

import io.credence.rules.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The users of the compliance page, as a JSON file with one entry per user: name, roles, BCrypt
 * hash, creation time. Written whole to a temporary file of mode 600 beside it, then moved over
 * it, so that a reader never sees half a file and nobody but the owner can read the hashes.
 *
 * <pre>{@code
 * UsersFile file = new UsersFile(Path.of("/etc/credence/users.json"));
 * file.save(file.load().with(new User("alice", Set.of(Role.REVIEW), Passwords.DEFAULT.hash(pw), Instant.now())));
 * }</pre>
 *
 * <pre>
 * {"format": 1, "users": [{"name": "alice", "roles": ["review"], "passwordHash": "$2a$12$...",
 *   "createdAt": "2026-03-02T09:15:30Z"}]}
 * </pre>
 */
public final class UsersFile {

    /** The layout version this class writes and reads. */
    public static final int FORMAT = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    public UsersFile(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("a users file needs a path");
        }
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The users, sorted by name, as of one moment. */
    public record Users(List<User> all) {

        public Users {
            all = all.stream().sorted(Comparator.comparing(User::name)).toList();
            Set<String> names = new LinkedHashSet<>();
            for (User u : all) {
                if (!names.add(u.name())) {
                    throw new IllegalArgumentException("user " + u.name() + " is listed twice");
                }
            }
        }

        public static final Users NONE = new Users(List.of());

        public Optional<User> find(String name) {
            return all.stream().filter(u -> u.name().equals(name)).findFirst();
        }

        /** These users and {@code user}, replacing one of the same name. */
        public Users with(User user) {
            List<User> next = new ArrayList<>(without(user.name()).all);
            next.add(user);
            return new Users(next);
        }

        /** These users less the one of that name. */
        public Users without(String name) {
            return new Users(all.stream().filter(u -> !u.name().equals(name)).toList());
        }
    }

    /**
     * Reads the file; no file is no users.
     *
     * @throws IllegalArgumentException naming the file and what is wrong when it is not a users file
     */
    public Users load() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Users.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + path, e);
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            int format = root.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("format must be " + FORMAT + ", was " + root.path("format"));
            }
            List<User> users = new ArrayList<>();
            for (JsonNode u : root.path("users")) {
                String name = u.path("name").asString();
                if (!User.isValidName(name)) {
                    throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -, was '" + name + "'");
                }
                Set<Role> roles = new LinkedHashSet<>();
                u.path("roles").forEach(r -> roles.add(Role.of(r.asString())));
                try {
                    users.add(new User(name, roles, u.path("passwordHash").asString(),
                            Instant.parse(u.path("createdAt").asString())));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("user " + name + " has no valid createdAt: " + e.getMessage(), e);
                }
            }
            return new Users(users);
        } catch (JacksonException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the users file " + path + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Writes the users, replacing the file at once; the file is readable by its owner only. */
    public void save(Users users) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("users");
        for (User u : users.all()) {
            ObjectNode o = list.addObject();
            o.put("name", u.name());
            ArrayNode roles = o.putArray("roles");
            u.roles().stream().sorted().forEach(r -> roles.add(r.label()));
            o.put("passwordHash", u.passwordHash());
            o.put("createdAt", u.createdAt().toString());
        }
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = ownerOnly()
                    ? Files.createTempFile(dir, ".users-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".users-", ".tmp", new FileAttribute<?>[0]);
            try {
                Files.writeString(temp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                        StandardCharsets.UTF_8);
                try {
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + path, e);
        }
    }

    private static boolean ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
