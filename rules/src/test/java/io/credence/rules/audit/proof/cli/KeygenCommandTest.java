package io.credence.rules.audit.proof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.proof.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeygenCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new KeygenCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesAKeyPairThatReadsBack() {
        Path key = dir.resolve("checkpoint.key");

        Run run = run("--out", key.toString());

        assertEquals(KeygenCommand.CREATED, run.exitCode(), run.err());
        KeyPair pair = SigningKeys.read(key);
        assertTrue(run.out().contains("key id: " + SigningKeys.keyId(pair.getPublic())), run.out());
        assertTrue(run.out().contains("public key: " + key + ".pub"), run.out());
    }

    @Test
    void exitsTwoRatherThanReplaceAKey() {
        Path key = dir.resolve("checkpoint.key");
        run("--out", key.toString());
        KeyPair first = SigningKeys.read(key);

        Run again = run("--out", key.toString());

        assertEquals(KeygenCommand.UNUSABLE, again.exitCode());
        assertTrue(again.err().contains("already exists; refusing to overwrite"), again.err());
        assertEquals(SigningKeys.keyId(first.getPublic()), SigningKeys.keyId(SigningKeys.read(key).getPublic()));
    }

    @Test
    void exitsTwoWithoutOut() {
        Run run = run();
        assertEquals(KeygenCommand.UNUSABLE, run.exitCode());
        assertTrue(run.err().contains("--out"), run.err());
    }
}
