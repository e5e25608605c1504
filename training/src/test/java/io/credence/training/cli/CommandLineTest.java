package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.training.data.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"train", "score", "compare"})
    void everyCommandHasHelp(String command) {
        Cli result = Cli.run(command, "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("Usage: credence-training " + command), result.out());
        assertTrue(result.out().contains("--data"), result.out());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        Cli result = Cli.run("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("train") && result.out().contains("score") && result.out().contains("compare"));
    }

    @Test
    void trainNamesTheUnknownBadValue() {
        Path data = TestFiles.resource("german-credit-sample.csv");
        Cli result = Cli.run("train", "--data", data.toString(), "--target", "class", "--bad", "3", "--out",
                dir.resolve("m").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("error: ") && result.err().contains("--bad '3' does not occur in target column 'class'; its values are [2, 1]"),
                result.err());
    }

    @Test
    void trainNamesTheMissingTargetColumn() {
        Path data = TestFiles.resource("german-credit-sample.csv");
        Cli result = Cli.run("train", "--data", data.toString(), "--target", "default", "--bad", "1", "--out",
                dir.resolve("m").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("target column 'default' not found"), result.err());
    }

    @Test
    void unknownArchitectureIsNamed() {
        Path data = TestFiles.resource("german-credit-sample.csv");
        Cli result = Cli.run("train", "--data", data.toString(), "--target", "class", "--bad", "2", "--arch", "rnn",
                "--out", dir.resolve("m").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--arch 'rnn' is not one of mlp, cnn, gru"), result.err());
    }
}
