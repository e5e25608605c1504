package io.credence.training.cli;

import io.credence.training.nn.Architecture;
import io.credence.training.nn.TrainingConfig;
import io.credence.training.pipeline.Hyperparameters;
import java.util.List;
import picocli.CommandLine.Option;

/** Network tuning flags; every one defaults to the tuned defaults of {@link Hyperparameters#defaults}. */
public final class TuningOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: 200 small data, 60 large).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 0.001).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, adagrad or sgd (default: adam).")
    String optimizer;

    @Option(names = "--hidden", split = ",", paramLabel = "SIZES",
            description = "Dense layer sizes, e.g. 64,32 (default: MLP 32 small data, 64,32 large; CNN, GRU 16 small, 32 large).")
    List<Integer> hidden;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout rate (default: 0.5 small data, 0.2 large).")
    Double dropout;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 penalty (default: 0.003 small data, 0.00001 large).")
    Double l2;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early stopping patience in epochs on the validation split (default: 25 small data, 8 large).")
    Integer patience;

    @Option(names = "--batch-size", paramLabel = "N", description = "Mini-batch size (default: 32 small data, 256 large).")
    Integer batchSize;

    /** The defaults for the data size with every given flag applied. */
    Hyperparameters resolve(Architecture arch, int rows) {
        Hyperparameters d = Hyperparameters.defaults(arch, rows);
        TrainingConfig.Optimizer opt = d.optimizer();
        if (optimizer != null) {
            try {
                opt = TrainingConfig.Optimizer.valueOf(optimizer.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--optimizer '" + optimizer + "' is not one of adam, adagrad, sgd", e);
            }
        }
        return new Hyperparameters(arch, hidden != null ? hidden : d.hidden(), dropout != null ? dropout : d.dropout(),
                d.convFilters(), d.convKernel(), d.gruHidden(), d.gruLayers(), opt, lr != null ? lr : d.learningRate(),
                l2 != null ? l2 : d.l2(), epochs != null ? epochs : d.epochs(), batchSize != null ? batchSize : d.batchSize(),
                patience != null ? patience : d.patience(), d.validationFraction());
    }

    static Architecture architecture(String name) {
        try {
            return Architecture.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch '" + name + "' is not one of mlp, cnn, gru", e);
        }
    }
}
