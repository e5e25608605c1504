package io.credence.rules.security.apikey.cli;

import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keys} with the subcommands {@code add}, {@code list} and {@code revoke}.
 *
 * <pre>
 * KEY=$(java -jar credence-service.jar keys add --file /etc/credence/api-keys.json --name loan-portal --roles decide)
 * java -jar credence-service.jar keys list --file /etc/credence/api-keys.json
 * java -jar credence-service.jar keys revoke --file /etc/credence/api-keys.json --name loan-portal
 * </pre>
 *
 * <p>{@code add} prints the new key alone on standard output, once; the file keeps only its
 * SHA-256. Exit codes: {@value #OK} done, {@value #NO_SUCH_KEY} the name is taken ({@code add})
 * or unknown ({@code revoke}), {@value #FAILED} the file cannot be read or written.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Adds, lists and revokes the API keys of `serve --api-keys FILE`.",
        subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int NO_SUCH_KEY = 1;
    public static final int FAILED = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return FAILED;
    }

    /** The file option every subcommand takes. */
    static final class KeyFile {
        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "the API key file (the service's --api-keys); created by the first add")
        Path file;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Makes a new key, prints it once, and stores only its hash.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Mixin
        KeyFile keys;

        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "who the key is for, e.g. loan-portal (letters, digits, . _ -; at most 64)")
        String name;

        @Option(names = "--roles", paramLabel = "ROLE[,ROLE]", split = ",",
                description = "decide, review, review-pii, admin, metrics; none: only what any caller may (health)")
        List<String> roles = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Set<Role> parsed = new LinkedHashSet<>();
            try {
                for (String r : roles) {
                    if (!r.isBlank()) {
                        parsed.add(Role.of(r));
                    }
                }
                List<ApiKey> existing = ApiKeyFile.readOrEmpty(keys.file);
                if (existing.stream().anyMatch(k -> k.name().equals(name))) {
                    err.println("a key named " + name + " exists in " + keys.file + "; revoke it first or choose another name");
                    return NO_SUCH_KEY;
                }
                String key = ApiKey.newKey();
                List<ApiKey> updated = new ArrayList<>(existing);
                updated.add(ApiKey.of(name, parsed, Instant.now(), key));
                ApiKeyFile.write(keys.file, updated);
                spec.commandLine().getOut().println(key);
                spec.commandLine().getOut().flush();
                err.println("added key " + name + " (roles: " + labels(parsed) + ") to " + keys.file
                        + ". It is shown only now; only its hash is stored.");
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println(e.getMessage());
                return FAILED;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the keys: name, roles, creation time and the first 8 hex digits of the hash.")
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Mixin
        KeyFile keys;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                PrintWriter out = spec.commandLine().getOut();
                List<ApiKey> all = ApiKeyFile.read(keys.file);
                out.printf("%-32s %-32s %-22s %s%n", "NAME", "ROLES", "CREATED", "SHA-256");
                for (ApiKey k : all) {
                    out.printf("%-32s %-32s %-22s %s...%n", k.name(), labels(k.roles()), k.createdAt(), k.fingerprint());
                }
                out.flush();
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return FAILED;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Removes a key; a running service refuses it from its next request on.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Mixin
        KeyFile keys;

        @Option(names = "--name", paramLabel = "NAME", required = true, description = "the key to revoke")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<ApiKey> all = ApiKeyFile.read(keys.file);
                List<ApiKey> kept = all.stream().filter(k -> !k.name().equals(name)).toList();
                if (kept.size() == all.size()) {
                    err.println("no key named " + name + " in " + keys.file);
                    return NO_SUCH_KEY;
                }
                ApiKeyFile.write(keys.file, kept);
                err.println("revoked key " + name);
                return OK;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println(e.getMessage());
                return FAILED;
            }
        }
    }

    private static String labels(Set<Role> roles) {
        return roles.isEmpty() ? "none" : roles.stream().map(Role::label).sorted().collect(Collectors.joining(","));
    }
}
