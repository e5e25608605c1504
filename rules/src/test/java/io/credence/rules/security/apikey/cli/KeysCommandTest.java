package io.credence.rules.security.apikey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.service.cli.CredenceService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code credence keys ...} as an operator runs it. */
class KeysCommandTest {

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run. */
    record Run(int exit, String out, String err) {
    }

    static Run credence(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CredenceService()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void addPrintsTheKeyOnceAndStoresOnlyItsHash() {
        Path file = dir.resolve("keys.json");

        Run add = credence("keys", "add", "--file", file.toString(), "--name", "loan-portal", "--roles", "decide,review");

        assertEquals(0, add.exit(), add.err());
        String key = add.out().strip();
        assertTrue(key.startsWith("crd_") && !key.contains("\n"), add.out());
        List<ApiKey> stored = ApiKeyFile.read(file);
        assertEquals(1, stored.size());
        assertEquals(Set.of(Role.DECIDE, Role.REVIEW), stored.get(0).roles());
        assertTrue(stored.get(0).matches(key));
        assertFalse(add.err().contains(key), add.err());
    }

    @Test
    void listShowsNamesRolesAndAFingerprintButNeitherKeysNorWholeHashes() {
        Path file = dir.resolve("keys.json");
        String key = credence("keys", "add", "--file", file.toString(), "--name", "loan-portal", "--roles", "decide").out().strip();
        credence("keys", "add", "--file", file.toString(), "--name", "probe");

        Run list = credence("keys", "list", "--file", file.toString());

        assertEquals(0, list.exit(), list.err());
        ApiKey stored = ApiKeyFile.read(file).get(0);
        assertTrue(list.out().contains("loan-portal") && list.out().contains("decide"), list.out());
        assertTrue(list.out().contains("probe") && list.out().contains("none"), list.out());
        assertTrue(list.out().contains(stored.fingerprint() + "..."), list.out());
        assertFalse(list.out().contains(key), list.out());
        assertFalse(list.out().contains(stored.sha256()), list.out());
    }

    @Test
    void revokeRemovesTheKeyAndAnUnknownNameIsExitOne() {
        Path file = dir.resolve("keys.json");
        credence("keys", "add", "--file", file.toString(), "--name", "a", "--roles", "decide");
        credence("keys", "add", "--file", file.toString(), "--name", "b", "--roles", "admin");

        Run revoke = credence("keys", "revoke", "--file", file.toString(), "--name", "a");
        Run again = credence("keys", "revoke", "--file", file.toString(), "--name", "a");

        assertEquals(0, revoke.exit(), revoke.err());
        assertEquals(List.of("b"), ApiKeyFile.read(file).stream().map(ApiKey::name).toList());
        assertEquals(KeysCommand.NO_SUCH_KEY, again.exit());
        assertTrue(again.err().contains("no key named a"), again.err());
    }

    @Test
    void aNameIsGivenOnceAndARoleMustBeKnown() {
        Path file = dir.resolve("keys.json");
        credence("keys", "add", "--file", file.toString(), "--name", "a", "--roles", "decide");

        Run twice = credence("keys", "add", "--file", file.toString(), "--name", "a", "--roles", "review");
        Run unknownRole = credence("keys", "add", "--file", file.toString(), "--name", "c", "--roles", "boss");

        assertEquals(KeysCommand.NO_SUCH_KEY, twice.exit());
        assertTrue(twice.err().contains("a key named a exists"), twice.err());
        assertEquals(KeysCommand.FAILED, unknownRole.exit());
        assertTrue(unknownRole.err().contains("unknown role 'boss', expected one of decide, review, review-pii, admin, metrics"),
                unknownRole.err());
        assertEquals(1, ApiKeyFile.read(file).size());
    }
}
