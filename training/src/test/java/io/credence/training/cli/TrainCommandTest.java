package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.training.data.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: train on a committed slice, load the package with the plugin's registry, score it. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainedMlpPackageLoadsInTheRegistryAndScoresEveryRow() throws IOException {
        Path data = TestFiles.resource("german-credit-sample.csv");
        Path pkg = dir.resolve("models/credit-default/1.0.0");
        Cli result = Cli.run("train", "--data", data.toString(), "--target", "class", "--bad", "2", "--epochs", "4",
                "--folds", "2", "--seed", "3", "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("schema: bundled 'german-credit'"), result.out());
        assertTrue(result.out().contains("mlp fold 1/2 epoch 1: loss"), result.out());
        assertTrue(result.out().contains("validation AUC"), result.out());
        assertTrue(Files.isRegularFile(pkg.resolve("report.html")));

        ModelCard card = ModelCards.read(pkg.resolve("model-card.json"));
        assertEquals("credit-default@1.0.0", card.id());
        assertTrue(card.metrics().containsKey("cv_auc") && card.metrics().containsKey("cv_brier"), card.metrics().toString());
        assertTrue(card.metrics().get("onnx_djl_max_abs_diff") < 1e-4, card.metrics().toString());
        assertEquals("mlp", card.properties().get("arch"));
        assertEquals("3", card.properties().get("seed"));
        assertTrue(card.properties().get("command").startsWith("credence-training train --data"));
        assertEquals(ModelCard.sha256(Files.readAllBytes(data)), card.trainingData().sha256());
        assertEquals(200, card.trainingData().rows());

        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            ModelSession session = registry.loadPackage(pkg);
            assertEquals(card.featureSchemaDigest(), session.card().featureSchemaDigest());
        }

        Path scores = dir.resolve("scores.csv");
        Cli scored = Cli.run("score", "--model", pkg.toString(), "--data", data.toString(), "--out", scores.toString());
        assertEquals(0, scored.exitCode(), scored.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals(201, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            double p = Double.parseDouble(cells[2]);
            assertTrue(p > 0 && p < 1 && cells[3].isEmpty(), line);
        }
        // The card's score distribution is the histogram of what `score` gives on the same rows.
        long[] bins = new long[10];
        for (String line : lines.subList(1, lines.size())) {
            bins[Math.min(9, (int) Math.ceil(Double.parseDouble(line.split(",", -1)[2]) * 10) - 1)]++;
        }
        assertEquals(200, card.distributions().rows());
        for (int b = 0; b < 10; b++) {
            assertEquals(bins[b] / 200.0, card.distributions().score().shares().get(b), 1e-12, "score bin " + b);
        }
        assertEquals(java.util.List.of("A11", "A12", "A13", "A14"),
                card.distributions().features().get("checking_status").categories());
    }

    @Test
    void trainedGruReadsTheTaiwanHistoryAsASequence() throws IOException {
        Path data = TestFiles.resource("taiwan-credit-default-sample.csv");
        Path pkg = dir.resolve("models/taiwan-gru/0.1.0");
        Cli result = Cli.run("train", "--data", data.toString(), "--target", "default_payment_next_month", "--bad", "1",
                "--arch", "gru", "--epochs", "2", "--folds", "0", "--name", "taiwan-gru", "--version", "0.1.0",
                "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        ModelCard card = ModelCards.read(pkg.resolve("model-card.json"));
        assertEquals(List.of("features", "history"), card.inputs().stream().map(i -> i.name()).toList());
        assertEquals(6, card.inputs().get(1).steps());
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            registry.loadPackage(pkg);
        }
        Path scores = dir.resolve("scores.csv");
        Cli scored = Cli.run("score", "--model", pkg.toString(), "--data", data.toString(), "--out", scores.toString());
        assertEquals(0, scored.exitCode(), scored.err());
        assertTrue(scored.out().contains("scored 300 of 300 rows"), scored.out());
    }

    @Test
    void compareWritesOneReportAndTablesForAllCandidates() throws IOException {
        Path data = TestFiles.resource("german-credit-sample.csv");
        Path out = dir.resolve("cmp");
        Cli result = Cli.run("compare", "--data", data.toString(), "--target", "class", "--bad", "2", "--arch", "mlp",
                "--baselines", "lr", "--folds", "2", "--epochs", "2", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        String md = Files.readString(out.resolve("comparison.md"));
        assertTrue(md.contains("| mlp | ") && md.contains("| lr | "), md);
        assertTrue(Files.readString(out.resolve("comparison.csv")).startsWith("model,fold,auc"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg id=\"roc\""));
    }
}
