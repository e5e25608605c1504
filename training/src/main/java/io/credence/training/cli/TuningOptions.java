package io.credence.training.cli;

import io.credence.training.data.Dataset;
import io.credence.training.data.DatasetSchema;
import io.credence.training.nn.Architecture;
import io.credence.training.nn.TrainingConfig;
import io.credence.training.pipeline.Hyperparameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How networks are fitted, shared by {@code train} and {@code compare} (a picocli mixin): loss,
 * penalties, optimizer and schedule. Every flag left out keeps the tuned default of
 * {@link Hyperparameters#defaults}.
 *
 * <pre>{@code
 * List<Hyperparameters> hps = tuning.resolve(network, List.of(Architecture.GRU), data);
 * }</pre>
 */
public final class TuningOptions {

    @Option(names = "--loss", paramLabel = "bce|mse|softmax",
            description = "Training loss: bce (binary cross-entropy on one sigmoid unit), mse (squared error of the"
                    + " sigmoid probability) or softmax (cross-entropy over two units, good and bad; the model's output"
                    + " then has two columns and the card reads the second) (default: bce).")
    String loss;

    @Option(names = "--l1", paramLabel = "LAMBDA", description = "L1 penalty on the weight matrices (default: 0).")
    Double l1;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 penalty on the weight matrices (default: 0.003 small data, 0.00001 large).")
    Double l2;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, adagrad or sgd (default: adam).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 0.001).")
    Double lr;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: 200 small data, 60 large).")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early stopping patience in epochs on the validation split (default: 25 small data, 8 large).")
    Integer patience;

    @Option(names = "--batch-size", paramLabel = "N", description = "Mini-batch size (default: 32 small data, 256 large).")
    Integer batchSize;

    /**
     * The settings of each architecture: the defaults for the data size with the network's and
     * these flags applied, checked against the data's sequence (e.g. {@code --kernel} longer
     * than the history).
     *
     * @throws IllegalArgumentException naming the flag that is out of range or that no architecture reads
     */
    List<Hyperparameters> resolve(NetworkOptions network, Collection<Architecture> architectures, Dataset data) {
        network.requireUsedBy(architectures);
        DatasetSchema.SequenceInput sequence = data.schema().sequence();
        List<Hyperparameters> out = new ArrayList<>();
        for (Architecture arch : architectures) {
            Hyperparameters hp = applyTo(network.applyTo(Hyperparameters.defaults(arch, data.rows())));
            if (sequence != null) {
                hp.checkFits(sequence.steps(), "sequence '" + sequence.name() + "'");
            }
            out.add(hp);
        }
        return out;
    }

    private Hyperparameters applyTo(Hyperparameters d) {
        TrainingConfig.Optimizer opt = d.optimizer();
        if (optimizer != null) {
            try {
                opt = TrainingConfig.Optimizer.valueOf(optimizer.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--optimizer '" + optimizer + "' is not one of adam, adagrad, sgd", e);
            }
        }
        return new Hyperparameters(d.architecture(), d.hidden(), d.dropout(), d.convFilters(), d.convKernel(),
                d.convPool(), d.gruHidden(), d.gruLayers(), opt, lr != null ? lr : d.learningRate(),
                loss != null ? TrainingConfig.Loss.ofShortName(loss) : d.loss(), l1 != null ? l1 : d.l1(),
                l2 != null ? l2 : d.l2(), epochs != null ? epochs : d.epochs(),
                batchSize != null ? batchSize : d.batchSize(), patience != null ? patience : d.patience(),
                d.validationFraction());
    }

    static Architecture architecture(String name) {
        try {
            return Architecture.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch '" + name + "' is not one of mlp, cnn, gru", e);
        }
    }
}
