package io.credence.rules.security.users.cli;

import io.credence.rules.security.Role;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code users} with the subcommands {@code add}, {@code list} and {@code remove}: the people who
 * may sign in to the compliance page ({@code serve --users FILE}).
 *
 * <pre>
 * printf '%s\n' "$PASSWORD" | credence users add --file users.json --name alice --roles review,review-pii
 * CREDENCE_USER_PASSWORD=... credence users add --file users.json --name bob --roles review
 * credence users list --file users.json
 * credence users remove --file users.json --name bob
 * </pre>
 *
 * <p>The password is read from {@value #PASSWORD_ENV} when set, else from the terminal (asked
 * twice, not echoed), else from the first line of standard input. Exit codes: {@value #OK} done,
 * {@value #REFUSED} the name exists (add) or does not (remove), {@value #USAGE} bad arguments,
 * password or file.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Manages the users of the compliance page (serve --users FILE).",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Remove.class})
public final class UsersCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    /** The environment variable a password may come from. */
    public static final String PASSWORD_ENV = "CREDENCE_USER_PASSWORD";

    private final InputStream in;
    private final Map<String, String> env;
    private final Clock clock;
    private final Passwords passwords;

    @Spec
    CommandSpec spec;

    /** Reads passwords from this process's environment, terminal or standard input. */
    public UsersCommand() {
        this(System.in, System.getenv(), Clock.systemUTC(), Passwords.DEFAULT);
    }

    /** For tests and embedding: where passwords come from, the clock of creation times, the hash cost. */
    public UsersCommand(InputStream in, Map<String, String> env, Clock clock, Passwords passwords) {
        this.in = in;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.passwords = passwords;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new UsersCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    /** The users file option of every subcommand. */
    static final class FileOption {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "the users file (JSON, mode 600)")
        Path file;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user; the password comes from " + PASSWORD_ENV + ", the terminal or standard input.")
    static final class Add implements Callable<Integer> {

        @CommandLine.Mixin
        FileOption file;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "1 to 64 of A-Z a-z 0-9 . _ @ -")
        String name;

        @Option(names = "--roles", required = true, split = ",", paramLabel = "ROLE",
                description = "comma-separated: decide, review, review-pii, admin, metrics")
        List<String> roles;

        @Option(names = "--replace", description = "replace a user of that name (a new password or roles)")
        boolean replace;

        @ParentCommand
        UsersCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Set<Role> parsed = new LinkedHashSet<>();
                roles.forEach(r -> parsed.add(Role.of(r)));
                if (!User.isValidName(name)) {
                    throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -, was '" + name + "'");
                }
                UsersFile users = new UsersFile(file.file);
                UsersFile.Users current = users.load();
                if (current.find(name).isPresent() && !replace) {
                    err.println("user " + name + " exists in " + file.file + "; use --replace to change it");
                    return REFUSED;
                }
                String password = parent.password(name);
                Passwords.check(password);
                User user = new User(name, parsed, parent.passwords.hash(password), parent.clock.instant());
                users.save(current.with(user));
                spec.commandLine().getOut().println("user " + name + " " + (current.find(name).isPresent() ? "replaced" : "added")
                        + " with roles " + String.join(",", user.roles().stream().sorted().map(Role::label).toList()));
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println(e.getMessage());
                return USAGE;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users: name, roles, creation time.")
    static final class ListUsers implements Callable<Integer> {

        @CommandLine.Mixin
        FileOption file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                PrintWriter out = spec.commandLine().getOut();
                for (User u : new UsersFile(file.file).load().all()) {
                    out.println(u.name() + "\t" + String.join(",", u.roles().stream().sorted().map(Role::label).toList())
                            + "\t" + u.createdAt());
                }
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return USAGE;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user; their sessions end.")
    static final class Remove implements Callable<Integer> {

        @CommandLine.Mixin
        FileOption file;

        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                UsersFile users = new UsersFile(file.file);
                UsersFile.Users current = users.load();
                if (current.find(name).isEmpty()) {
                    spec.commandLine().getErr().println("no user " + name + " in " + file.file);
                    return REFUSED;
                }
                users.save(current.without(name));
                spec.commandLine().getOut().println("user " + name + " removed");
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return USAGE;
            }
        }
    }

    /** The new password: the environment, else the terminal (twice), else one line of standard input. */
    String password(String name) {
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Console console = in == System.in ? System.console() : null;
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", name);
            char[] second = console.readPassword("The same again: ");
            try {
                if (first == null || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passwords differ");
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password: set " + PASSWORD_ENV + " or give it on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
    }
}
