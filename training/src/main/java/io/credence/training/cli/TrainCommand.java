package io.credence.training.cli;

import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSigner;
import io.credence.training.data.Dataset;
import io.credence.training.pipeline.Hyperparameters;
import io.credence.training.pipeline.TrainOutcome;
import io.credence.training.pipeline.TrainRequest;
import io.credence.training.pipeline.TrainingRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: cross-validate, fit, export a model package and a report. */
@Command(name = "train", sortOptions = false,
        description = {"Trains a network on a CSV file and writes DIR/model.onnx, DIR/model-card.json and DIR/report.html"
                + " (and DIR/model.sig with --sign-key).",
            "Cross-validates first (--folds, default 5) and records the CV metrics in the card; the final model is"
                + " fitted on all rows with a stratified 20 %% validation split for early stopping."})
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    TuningOptions tuning = new TuningOptions();

    @Option(names = "--arch", defaultValue = "mlp", paramLabel = "mlp|cnn|gru",
            description = "Network architecture (default: ${DEFAULT-VALUE}). CNN and GRU read the schema's sequence input.")
    String arch;

    @Option(names = "--name", defaultValue = "credit-default", description = "Model name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--version", defaultValue = "1.0.0", description = "Model version (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for folds, splits and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--folds", defaultValue = "5",
            description = "Cross-validation folds before the final fit; 0 = none (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Package directory to write.")
    Path out;

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Sign the package (DIR/model.sig) with this Ed25519 private key (PKCS#8 PEM; its public key"
                    + " is read from FILE.pub). Read before training starts; never printed.")
    Path signKey;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        // Read first: a wrong key file fails before minutes of training, naming the file.
        KeyPair signing = signKey != null ? KeyFiles.read(signKey) : null;
        Dataset data = dataOptions.load(log);
        Hyperparameters hp = tuning.resolve(network, List.of(TuningOptions.architecture(arch)), data).get(0);
        log.println("network: " + hp.asProperties());
        log.flush();
        String command = "credence-training " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        TrainRequest request = new TrainRequest(dataOptions.data, data.schema(), dataOptions.target, dataOptions.bad, hp,
                folds, seed, name, version, out, command);
        TrainOutcome outcome = TrainingRun.execute(request, data, line -> {
            log.println(line);
            log.flush();
        });
        if (outcome.crossValidation() != null) {
            log.printf(Locale.ROOT, "CV AUC %.4f +- %.4f (%d folds)%n", outcome.crossValidation().meanAuc(),
                    outcome.crossValidation().sdAuc(), folds);
        }
        log.printf(Locale.ROOT, "final model: best epoch %d, validation AUC %.4f, ONNX/DJL max diff %.1e, %.1f s%n",
                outcome.bestEpoch(), outcome.validation().auc(), outcome.onnxMaxAbsDiff(), outcome.trainSeconds());
        log.println("package: " + out.toAbsolutePath() + " (" + outcome.card().id() + ")");
        if (signing != null) {
            log.println(SignCommand.signed(PackageSigner.sign(out, signing), out));
        }
        log.flush();
        return 0;
    }
}
