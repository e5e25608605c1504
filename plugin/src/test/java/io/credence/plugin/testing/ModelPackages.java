package io.credence.plugin.testing;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes model packages ({@code <root>/<name>/<version>/}) for tests. */
public final class ModelPackages {

    /** A stand-in training digest for packages made in tests. */
    public static final String TEST_DATA_SHA = "0".repeat(64);

    private ModelPackages() {
    }

    /** A card for one tabular input named {@code features} and a sigmoid output named {@code probability}. */
    public static ModelCard card(String name, String version, List<FeatureSpec> features) {
        return new ModelCard(ModelCard.FORMAT, name, version, "0".repeat(64), Instant.parse("2026-11-29T00:00:00Z"),
                "test model", List.of(InputSpec.tabular("features", features)),
                new OutputSpec("probability", 0, "probability of default within 12 months"),
                new TrainingData("generated in test", TEST_DATA_SHA, 0, "n/a"), Map.of("auc", 0.5), Map.of());
    }

    /**
     * Writes {@code onnx} and {@code card} (with the ONNX digest filled in), signed with the test
     * key ({@link TestSigning}), and returns the package directory.
     */
    public static Path write(Path root, ModelCard card, byte[] onnx) {
        Path dir = writeUnsigned(root, card, onnx);
        TestSigning.sign(dir);
        return dir;
    }

    /** As {@link #write}, without a signature file. */
    public static Path writeUnsigned(Path root, ModelCard card, byte[] onnx) {
        Path dir = root.resolve(card.name()).resolve(card.version());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), onnx);
            ModelCards.write(card.withOnnxSha256(ModelCard.sha256(onnx)), dir.resolve("model-card.json"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
