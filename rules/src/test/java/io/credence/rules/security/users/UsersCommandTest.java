package io.credence.rules.security.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.Role;
import io.credence.rules.security.users.cli.UsersCommand;
import io.credence.rules.service.cli.CredenceService;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsersCommandTest {

    private static final Passwords FAST = new Passwords(Passwords.MIN_COST);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, Map<String, String> env, String... args) {
        UsersCommand command = new UsersCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env,
                CLOCK, FAST);
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private Path file() {
        return dir.resolve("users.json");
    }

    @Test
    void addsAUserWithThePasswordFromStandardInput() {
        int exit = run("alice's passphrase\n", Map.of(), "add", "--file", file().toString(), "--name", "alice",
                "--roles", "review,review-pii");

        assertEquals(UsersCommand.OK, exit, err.toString());
        User alice = new UsersFile(file()).load().find("alice").orElseThrow();
        assertEquals(Set.of(Role.REVIEW, Role.REVIEW_PII), alice.roles());
        assertEquals(CLOCK.instant(), alice.createdAt());
        assertTrue(FAST.matches("alice's passphrase", alice.passwordHash()));
    }

    @Test
    void takesThePasswordFromTheEnvironmentBeforeStandardInput() {
        int exit = run("ignored stdin password\n", Map.of(UsersCommand.PASSWORD_ENV, "bob's env passphrase"), "add",
                "--file", file().toString(), "--name", "bob", "--roles", "admin");

        assertEquals(UsersCommand.OK, exit, err.toString());
        assertTrue(FAST.matches("bob's env passphrase", new UsersFile(file()).load().find("bob").orElseThrow().passwordHash()));
    }

    @Test
    void hasNoPasswordOptionSoAPasswordNeverSitsInTheProcessList() {
        int exit = run("", Map.of(), "add", "--file", file().toString(), "--name", "eve", "--roles", "review",
                "--password", "eve's passphrase!");

        assertEquals(UsersCommand.USAGE, exit);
        assertTrue(err.toString().contains("--password"), err.toString());
        assertFalse(Files.exists(file()));
    }

    @Test
    void refusesAShortPasswordAnUnknownRoleAndAnExistingNameUnlessReplacing() {
        assertEquals(UsersCommand.USAGE, run("short\n", Map.of(), "add", "--file", file().toString(), "--name", "a",
                "--roles", "review"));
        assertTrue(err.toString().contains("at least 12 characters"), err.toString());
        assertEquals(UsersCommand.USAGE, run("a long enough one\n", Map.of(), "add", "--file", file().toString(),
                "--name", "a", "--roles", "reviewer"));
        assertTrue(err.toString().contains("unknown role 'reviewer'"), err.toString());

        assertEquals(UsersCommand.OK, run("a long enough one\n", Map.of(), "add", "--file", file().toString(),
                "--name", "a", "--roles", "review"));
        assertEquals(UsersCommand.REFUSED, run("another long one\n", Map.of(), "add", "--file", file().toString(),
                "--name", "a", "--roles", "admin"));
        assertEquals(UsersCommand.OK, run("another long one\n", Map.of(), "add", "--file", file().toString(),
                "--name", "a", "--roles", "admin", "--replace"));
        assertEquals(Set.of(Role.ADMIN), new UsersFile(file()).load().find("a").orElseThrow().roles());
    }

    @Test
    void listsUsersWithoutTheirHashesAndRemovesThem() {
        run("alice's passphrase\n", Map.of(), "add", "--file", file().toString(), "--name", "alice", "--roles", "review");
        run("bob's passphrase!\n", Map.of(), "add", "--file", file().toString(), "--name", "bob", "--roles", "admin,review");
        out.getBuffer().setLength(0);

        assertEquals(UsersCommand.OK, run("", Map.of(), "list", "--file", file().toString()));
        assertEquals("alice\treview\t2026-03-02T09:15:30Z\nbob\treview,admin\t2026-03-02T09:15:30Z\n",
                out.toString().replace(System.lineSeparator(), "\n"));

        assertEquals(UsersCommand.OK, run("", Map.of(), "remove", "--file", file().toString(), "--name", "alice"));
        assertEquals(UsersCommand.REFUSED, run("", Map.of(), "remove", "--file", file().toString(), "--name", "alice"));
        assertEquals(java.util.List.of("bob"), new UsersFile(file()).load().all().stream().map(User::name).toList());
    }

    @Test
    void theServiceCommandHasTheUsersSubcommand() {
        StringWriter help = new StringWriter();
        int exit = new CommandLine(new CredenceService()).setOut(new PrintWriter(help)).execute("users", "add", "--help");

        assertEquals(0, exit);
        assertTrue(help.toString().contains("--roles") && help.toString().contains(UsersCommand.PASSWORD_ENV), help.toString());
    }
}
