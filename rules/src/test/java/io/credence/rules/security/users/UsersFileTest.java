package io.credence.rules.security.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    private static final Passwords FAST = new Passwords(Passwords.MIN_COST);
    private static final Instant CREATED = Instant.parse("2026-03-02T09:15:30Z");

    @TempDir
    Path dir;

    @Test
    void keepsNameRolesBcryptHashAndCreationTimeThroughARoundTrip() throws Exception {
        UsersFile file = new UsersFile(dir.resolve("users.json"));
        User alice = new User("alice", Set.of(Role.REVIEW, Role.REVIEW_PII), FAST.hash("alice's passphrase"), CREATED);
        User bob = new User("bob@example.org", Set.of(Role.ADMIN), FAST.hash("bob's passphrase!"), CREATED.plusSeconds(60));

        file.save(UsersFile.Users.NONE.with(bob).with(alice));
        UsersFile.Users read = new UsersFile(dir.resolve("users.json")).load();

        assertEquals(List.of(alice, bob), read.all());
        assertTrue(FAST.matches("alice's passphrase", read.find("alice").orElseThrow().passwordHash()));
        assertFalse(FAST.matches("bob's passphrase!", read.find("alice").orElseThrow().passwordHash()));
        String text = Files.readString(dir.resolve("users.json"), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"review-pii\""), text);
        assertFalse(text.contains("passphrase"), "no password in the file");
        assertTrue(read.find("alice").orElseThrow().passwordHash().startsWith("$2a$10$"));
    }

    @Test
    void writesTheFileReadableByItsOwnerOnly() throws Exception {
        UsersFile file = new UsersFile(dir.resolve("sub/users.json"));
        file.save(UsersFile.Users.NONE.with(new User("alice", Set.of(Role.REVIEW), FAST.hash("alice's passphrase"), CREATED)));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/users.json"))));
        try (var listing = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(dir.resolve("sub/users.json")), listing.toList(), "no temporary file left");
        }
    }

    @Test
    void aMissingFileHasNoUsersAndABrokenOneIsNamedInTheError() throws Exception {
        assertEquals(List.of(), new UsersFile(dir.resolve("none.json")).load().all());

        Files.writeString(dir.resolve("bad.json"), "{\"format\": 1, \"users\": [{\"name\": \"a b\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UsersFile(dir.resolve("bad.json")).load());
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("'a b'"), e.getMessage());
    }

    @Test
    void refusesShortPasswordsLongOnesAndWeakHashes() {
        assertThrows(IllegalArgumentException.class, () -> FAST.hash("short"));
        assertThrows(IllegalArgumentException.class, () -> FAST.hash("é".repeat(37)), "74 bytes in UTF-8");
        assertThrows(IllegalArgumentException.class, () -> new Passwords(4));
        String weak = "$2a$04$" + "a".repeat(53);
        assertThrows(IllegalArgumentException.class, () -> new User("alice", Set.of(Role.REVIEW), weak, CREATED));
        assertFalse(FAST.matches("anything at all", weak));
    }

    @Test
    void theUserDirectoryTellsNothingOfUnknownNamesAndSeesChangesToTheFile() {
        UsersFile file = new UsersFile(dir.resolve("users.json"));
        UserDirectory users = new UserDirectory(file, FAST);
        assertTrue(users.verify("alice", "alice's passphrase").isEmpty(), "no file, no users");

        file.save(UsersFile.Users.NONE.with(new User("alice", Set.of(Role.REVIEW), FAST.hash("alice's passphrase"), CREATED)));

        assertEquals("alice", users.verify("alice", "alice's passphrase").orElseThrow().name());
        assertTrue(users.verify("alice", "not the passphrase").isEmpty());
        assertTrue(users.verify("mallory", "alice's passphrase").isEmpty());
        assertTrue(users.verify("../../etc/passwd", "x").isEmpty());
        assertTrue(users.verify(null, null).isEmpty());
    }
}
