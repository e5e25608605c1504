package io.credence.training.cli;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.encode.SourceColumns;
import io.credence.plugin.card.TrainingDistributions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.training.data.CsvFormat;
import io.credence.training.data.CsvReader;
import io.credence.training.data.CsvTable;
import io.credence.training.data.DataException;
import io.credence.training.data.FittedEncoding;
import io.credence.training.pipeline.TrainingProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code profile}: writes the training distributions (the drift monitor's baseline) into the card
 * of an existing package, from its training file, without retraining: {@code model.onnx} is read,
 * never written.
 */
@Command(name = "profile", sortOptions = false,
        description = {"Adds the training distributions (per feature and of the score) to a model package's card.",
            "Every row of the training file is encoded by the card and scored through ONNX Runtime; numeric features"
                + " get up to 10 quantile bins, categorical ones the share of each code, the score 10 bins on [0, 1]."
                + " model.onnx is not changed; the card is rewritten (a signature over it must be renewed)."})
public final class ProfileCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package (model.onnx + model-card.json).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "The training file (its SHA-256 must be the card's trainingData.sha256).")
    Path data;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        Path cardFile = model.resolve(ModelRegistry.CARD_FILE);
        ModelCard card = ModelCards.read(cardFile);
        Path onnxFile = model.resolve(ModelRegistry.ONNX_FILE);
        byte[] onnx;
        try {
            onnx = Files.readAllBytes(onnxFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnxFile, e);
        }
        if (!ModelCard.sha256(onnx).equals(card.onnxSha256())) {
            throw new DataException(onnxFile + ": SHA-256 is " + ModelCard.sha256(onnx) + " but the card expects "
                    + card.onnxSha256());
        }
        List<String> naValues = card.properties().containsKey(FittedEncoding.PROPERTY_NA_VALUES)
                ? Arrays.asList(card.properties().get(FittedEncoding.PROPERTY_NA_VALUES).split("\\|", -1))
                : null;
        CsvFormat format = new CsvFormat(",", true, null, naValues);
        CsvTable table = CsvReader.readLenient(data, format);
        if (!table.sha256().equals(card.trainingData().sha256())) {
            throw new DataException(data + ": SHA-256 is " + table.sha256() + " but the card was trained on "
                    + card.trainingData().source() + " with SHA-256 " + card.trainingData().sha256());
        }
        SourceColumns columns = SourceColumns.of(card);
        Map<String, Integer> index = table.index();
        TrainingProfile.Result result = TrainingProfile.of(card, onnx,
                r -> ScoreCommand.source(table.rows().get(r), index, format, columns), table.size());
        TrainingDistributions d = result.distributions();
        ModelCards.write(card.withDistributions(d), cardFile);
        log.printf(Locale.ROOT, "profiled %d rows of %s (%d could not be encoded): %d feature distributions and the"
                + " score's -> %s%n", d.rows(), data, result.skipped(), d.features().size(), cardFile);
        log.flush();
        return 0;
    }
}
