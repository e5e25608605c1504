package io.credence.training.pipeline;

import io.credence.training.nn.Architecture;
import io.credence.training.nn.NetworkSpec;
import io.credence.training.nn.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that shapes one network's training.
 *
 * <pre>{@code
 * Hyperparameters hp = Hyperparameters.defaults(Architecture.CNN, data.rows());
 * hp.checkFits(6, "sequence 'history'");       // --kernel / --pool against the sequence length
 * NetworkSpec spec = hp.spec(tabularWidth, 6, 3);
 * TrainingConfig config = hp.config(seed);
 * }</pre>
 *
 * <p>Errors name the command-line flag ({@code --gru-units must be >= 1, was 0}), since this is
 * what {@code train} and {@code compare} build from their flags.
 *
 * @param architecture       MLP, CNN or GRU
 * @param hidden             dense layer sizes
 * @param dropout            dropout after each dense layer
 * @param convFilters        CNN filters ({@code --cnn-filters})
 * @param convKernel         CNN kernel width in steps ({@code --kernel})
 * @param convPool           CNN max-pool width and stride in steps, 1 = no pooling ({@code --pool})
 * @param gruHidden          GRU hidden units per layer ({@code --gru-units})
 * @param gruLayers          stacked GRU layers ({@code --gru-layers})
 * @param optimizer          optimizer
 * @param learningRate       step size
 * @param loss               training loss ({@code --loss}); softmax gives the network two output units (good, bad)
 * @param l1                 L1 penalty on the weight matrices ({@code --l1})
 * @param l2                 L2 penalty on the weight matrices
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
        int convPool,
        int gruHidden,
        int gruLayers,
        TrainingConfig.Optimizer optimizer,
        double learningRate,
        TrainingConfig.Loss loss,
        double l1,
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
        if (optimizer == null) {
            throw new IllegalArgumentException("--optimizer is required (adam, adagrad or sgd)");
        }
        if (loss == null) {
            throw new IllegalArgumentException("--loss is required (bce, mse or softmax)");
        }
        hidden = List.copyOf(hidden);
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("--hidden sizes must be >= 1, were " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), was " + dropout);
        }
        atLeastOne("--cnn-filters", convFilters);
        atLeastOne("--kernel", convKernel);
        atLeastOne("--pool", convPool);
        atLeastOne("--gru-units", gruHidden);
        atLeastOne("--gru-layers", gruLayers);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a finite number > 0, was " + learningRate);
        }
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("--l1 must be a finite number >= 0, was " + l1);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("--l2 must be a finite number >= 0, was " + l2);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, was " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be >= 0, was " + patience);
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 0.5), was " + validationFraction);
        }
    }

    private static void atLeastOne(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be >= 1, was " + value);
        }
    }

    /**
     * Defaults tuned on the shared data sets: small data (German credit) gets one layer of 32
     * units with dropout 0.5 and L2 0.003 and long patience; large data (Taiwan, Give Me Some Credit) gets
     * two wider layers, bigger batches and shorter patience. Every size: binary cross-entropy, no
     * L1, CNN 32 filters of kernel 3 with max-pool 2, GRU one layer of 32 units.
     */
    public static Hyperparameters defaults(Architecture architecture, int rows) {
        boolean small = rows < SMALL_DATA_ROWS;
        List<Integer> hidden = switch (architecture) {
            case MLP -> small ? List.of(32) : List.of(64, 32);
            case CNN, GRU -> small ? List.of(16) : List.of(32);
        };
        return new Hyperparameters(architecture, hidden, small ? 0.5 : 0.2, 32, 3, 2, 32, 1,
                TrainingConfig.Optimizer.ADAM, 1e-3, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0.0, small ? 3e-3 : 1e-5,
                small ? 200 : 60, small ? 32 : 256, small ? 25 : 8, 0.2);
    }

    /** Output units: 2 (good, bad) for the softmax loss, else 1 sigmoid unit. */
    public int outputs() {
        return loss == TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY ? 2 : 1;
    }

    /** The column of the output that holds the bad-class probability: the last one. */
    public int badOutputIndex() {
        return outputs() - 1;
    }

    /**
     * Checks the CNN's kernel and pooling against a sequence of {@code steps} steps (nothing to
     * check for MLP and GRU).
     *
     * @param what names the sequence in the message, e.g. {@code sequence 'history'}
     * @throws IllegalArgumentException naming {@code --kernel} or {@code --pool} and the range that fits
     */
    public void checkFits(int steps, String what) {
        if (architecture != Architecture.CNN) {
            return;
        }
        if (convKernel > steps) {
            throw new IllegalArgumentException("--kernel " + convKernel + " is longer than " + what + " of " + steps
                    + " steps; expected --kernel 1.." + steps);
        }
        int positions = steps - convKernel + 1;
        if (convPool > positions) {
            throw new IllegalArgumentException("--pool " + convPool + " is wider than the " + positions
                    + " position(s) that --kernel " + convKernel + " leaves of " + what + " of " + steps
                    + " steps; expected --pool 1.." + positions + " (or a smaller --kernel)");
        }
    }

    /** The network shape for an encoding of the given widths (checked with {@link #checkFits}). */
    public NetworkSpec spec(int tabularWidth, int steps, int channels) {
        if (architecture != Architecture.MLP) {
            checkFits(steps, "the sequence input");
        }
        return new NetworkSpec(architecture, tabularWidth, architecture == Architecture.MLP ? 0 : steps,
                architecture == Architecture.MLP ? 0 : channels, hidden, dropout, convFilters, convKernel, convPool,
                gruHidden, gruLayers, outputs());
    }

    /** The fitting configuration. */
    public TrainingConfig config(long seed) {
        return new TrainingConfig(optimizer, learningRate, loss, l1, l2, epochs, batchSize, patience, 1.0, seed);
    }

    /**
     * Flat description for the model card's properties: how the network was built and fitted.
     * CNN and GRU settings appear only for those architectures.
     */
    public Map<String, String> asProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", architecture.name().toLowerCase(Locale.ROOT));
        m.put("loss", loss.shortName());
        m.put("output_units", Integer.toString(outputs()));
        m.put("hidden", hidden.toString());
        m.put("dropout", Double.toString(dropout));
        if (architecture == Architecture.CNN) {
            m.put("cnn_filters", Integer.toString(convFilters));
            m.put("cnn_kernel", Integer.toString(convKernel));
            m.put("cnn_pool", Integer.toString(convPool));
        }
        if (architecture == Architecture.GRU) {
            m.put("gru_units", Integer.toString(gruHidden));
            m.put("gru_layers", Integer.toString(gruLayers));
        }
        m.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        m.put("lr", Double.toString(learningRate));
        m.put("l1", Double.toString(l1));
        m.put("l2", Double.toString(l2));
        m.put("max_epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("patience", Integer.toString(patience));
        m.put("validation_fraction", Double.toString(validationFraction));
        return m;
    }
}
