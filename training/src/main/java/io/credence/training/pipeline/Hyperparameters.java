package io.credence.training.pipeline;

import io.credence.training.nn.Architecture;
import io.credence.training.nn.NetworkSpec;
import io.credence.training.nn.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that shapes one network's training.
 *
 * @param architecture       MLP, CNN or GRU
 * @param hidden             dense layer sizes
 * @param dropout            dropout after each dense layer
 * @param convFilters        CNN filters
 * @param convKernel         CNN kernel width
 * @param gruHidden          GRU hidden units
 * @param gruLayers          GRU layers
 * @param optimizer          optimizer
 * @param learningRate       step size
 * @param l2                 L2 penalty
 * @param epochs             maximum epochs
 * @param batchSize          mini-batch size
 * @param patience           early-stopping patience in epochs (0 = off)
 * @param validationFraction share of the training rows held out for early stopping
 */
public record Hyperparameters(
        Architecture architecture,
        List<Integer> hidden,
        double dropout,
        int convFilters,
        int convKernel,
        int gruHidden,
        int gruLayers,
        TrainingConfig.Optimizer optimizer,
        double learningRate,
        double l2,
        int epochs,
        int batchSize,
        int patience,
        double validationFraction) {

    /** Data sets with fewer rows than this get the small, strongly regularised defaults. */
    public static final int SMALL_DATA_ROWS = 5_000;

    public Hyperparameters {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture is required (mlp, cnn or gru)");
        }
        hidden = List.copyOf(hidden);
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("--hidden sizes must be >= 1, were " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), was " + dropout);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, was " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("--l2 must be >= 0, was " + l2);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be >= 0, was " + patience);
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 0.5), was " + validationFraction);
        }
    }

    /**
     * Defaults tuned on the shared data sets: small data (German credit) gets one layer of 32
     * units with dropout 0.5 and L2 0.003 and long patience; large data (Taiwan, Give Me Some Credit) gets
     * two wider layers, bigger batches and shorter patience.
     */
    public static Hyperparameters defaults(Architecture architecture, int rows) {
        boolean small = rows < SMALL_DATA_ROWS;
        List<Integer> hidden = switch (architecture) {
            case MLP -> small ? List.of(32) : List.of(64, 32);
            case CNN, GRU -> small ? List.of(16) : List.of(32);
        };
        return new Hyperparameters(architecture, hidden, small ? 0.5 : 0.2, 32, 3, 32, 1,
                TrainingConfig.Optimizer.ADAM, 1e-3, small ? 3e-3 : 1e-5,
                small ? 200 : 60, small ? 32 : 256, small ? 25 : 8, 0.2);
    }

    /** The network shape for an encoding of the given widths. */
    public NetworkSpec spec(int tabularWidth, int steps, int channels) {
        return new NetworkSpec(architecture, tabularWidth, architecture == Architecture.MLP ? 0 : steps,
                architecture == Architecture.MLP ? 0 : channels, hidden, dropout, convFilters, convKernel,
                gruHidden, gruLayers, 1);
    }

    /** The fitting configuration. */
    public TrainingConfig config(long seed) {
        return new TrainingConfig(optimizer, learningRate, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0.0, l2,
                epochs, batchSize, patience, 1.0, seed);
    }

    /** Flat description for the model card's properties. */
    public Map<String, String> asProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", architecture.name().toLowerCase(java.util.Locale.ROOT));
        m.put("hidden", hidden.toString());
        m.put("dropout", Double.toString(dropout));
        if (architecture == Architecture.CNN) {
            m.put("conv_filters", Integer.toString(convFilters));
            m.put("conv_kernel", Integer.toString(convKernel));
        }
        if (architecture == Architecture.GRU) {
            m.put("gru_hidden", Integer.toString(gruHidden));
            m.put("gru_layers", Integer.toString(gruLayers));
        }
        m.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
        m.put("lr", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("max_epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("patience", Integer.toString(patience));
        m.put("validation_fraction", Double.toString(validationFraction));
        return m;
    }
}
