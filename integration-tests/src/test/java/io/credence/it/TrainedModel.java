package io.credence.it;

import io.credence.load.GermanApplications;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSigner;
import io.credence.training.data.Dataset;
import io.credence.training.data.DatasetSchema;
import io.credence.training.data.DatasetSchemas;
import io.credence.training.nn.Architecture;
import io.credence.training.pipeline.Hyperparameters;
import io.credence.training.pipeline.TrainOutcome;
import io.credence.training.pipeline.TrainRequest;
import io.credence.training.pipeline.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * A small credit-default model trained once per test JVM with the training pipeline (as
 * {@code credence-training train} does) on the committed German Credit file: a models folder
 * holding {@code credit-default/9.0.0}, newer than the bundled 1.0.0, signed with a key made for
 * this JVM whose public half is in {@link #trustedKeys} (the service's {@code credence.models.trusted-keys}).
 */
final class TrainedModel {

    static final String NAME = "credit-default";
    static final String VERSION = "9.0.0";

    private static TrainedModel instance;

    final Path modelsDir;
    final ModelCard card;
    final Path trustedKeys;

    private TrainedModel(Path modelsDir, ModelCard card, Path trustedKeys) {
        this.modelsDir = modelsDir;
        this.card = card;
        this.trustedKeys = trustedKeys;
    }

    static synchronized TrainedModel get() {
        if (instance == null) {
            instance = train();
        }
        return instance;
    }

    private static TrainedModel train() {
        try {
            Path models = Files.createDirectories(Path.of("target", "e2e-models")).toAbsolutePath();
            Path out = models.resolve(NAME).resolve(VERSION);
            Path csv = GermanApplications.committedCsv();
            DatasetSchema schema = DatasetSchemas.bundled("credit-default")
                    .orElseThrow(() -> new IllegalStateException("the training jar has no bundled credit-default schema"));
            Dataset data = Dataset.load(csv, schema, "class", "2");
            Hyperparameters defaults = Hyperparameters.defaults(Architecture.MLP, data.rows());
            // A few epochs of a small network: seconds, not a production model.
            Hyperparameters tiny = new Hyperparameters(Architecture.MLP, List.of(16), 0.1, defaults.convFilters(),
                    defaults.convKernel(), defaults.convPool(), defaults.gruHidden(), defaults.gruLayers(),
                    defaults.optimizer(), 0.01, defaults.loss(), defaults.l1(), defaults.l2(), 8, 32, 0,
                    defaults.validationFraction());
            TrainRequest request = new TrainRequest(csv, schema, "class", "2", tiny, 0, 7L, NAME, VERSION, out,
                    "end-to-end test");
            TrainOutcome outcome = TrainingRun.execute(request, data, line -> { });
            KeyPair key = KeyFiles.generate();
            PackageSigner.sign(out, key);
            Path trusted = Files.createTempDirectory("credence-e2e-trusted-keys");
            KeyFiles.writePublicKey(key.getPublic(), trusted.resolve("e2e.pub"));
            return new TrainedModel(models, outcome.card(), trusted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
