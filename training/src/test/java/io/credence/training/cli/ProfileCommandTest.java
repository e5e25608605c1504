package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest {

    private static final Path BUNDLED = Path.of("..", "rules", "src", "main", "resources", "models", "credit-default", "1.0.0");
    private static final Path GERMAN = Path.of("data", "german-credit", "german-credit-train.csv");

    @TempDir
    Path dir;

    @Test
    void regeneratesTheBundledCardsDistributionsWithoutTouchingTheOnnxFile() throws IOException {
        ModelCard bundled = ModelCards.read(BUNDLED.resolve("model-card.json"));
        Path pkg = dir.resolve("credit-default/1.0.0");
        Files.createDirectories(pkg);
        byte[] onnx = Files.readAllBytes(BUNDLED.resolve("model.onnx"));
        Files.write(pkg.resolve("model.onnx"), onnx);
        ModelCards.write(bundled.withDistributions(null), pkg.resolve("model-card.json"));
        assertNull(ModelCards.read(pkg.resolve("model-card.json")).distributions());

        Cli result = Cli.run("profile", "--model", pkg.toString(), "--data", GERMAN.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("profiled 800 rows"), result.out());

        assertArrayEquals(onnx, Files.readAllBytes(pkg.resolve("model.onnx")));
        ModelCard profiled = ModelCards.read(pkg.resolve("model-card.json"));
        assertEquals(bundled.distributions(), profiled.distributions(), "the committed card is what profile writes");
        assertEquals(bundled, profiled);
        assertEquals(ModelCards.toJson(bundled), ModelCards.toJson(profiled));
    }

    @Test
    void refusesAFileThatIsNotTheCardsTrainingData() throws IOException {
        Path pkg = dir.resolve("credit-default/1.0.0");
        Files.createDirectories(pkg);
        Files.copy(BUNDLED.resolve("model.onnx"), pkg.resolve("model.onnx"));
        Files.copy(BUNDLED.resolve("model-card.json"), pkg.resolve("model-card.json"));
        Path other = dir.resolve("other.csv");
        Files.writeString(other, Files.readString(GERMAN).lines().limit(50).reduce("", (a, b) -> a + b + "\n"));
        Cli result = Cli.run("profile", "--model", pkg.toString(), "--data", other.toString());
        assertEquals(2, result.exitCode(), result.out());
        assertTrue(result.err().contains("but the card was trained on german-credit-train.csv with SHA-256 5856419e"),
                result.err());
    }
}
