package io.credence.training.cli;

import io.credence.training.nn.Architecture;
import io.credence.training.pipeline.Hyperparameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The network's shape, shared by {@code train} and {@code compare} (a picocli mixin): dense
 * layers, CNN convolution and pooling, GRU width and depth. A flag left out keeps the value of
 * {@link Hyperparameters#defaults}.
 */
public final class NetworkOptions {

    @Option(names = "--hidden", split = ",", paramLabel = "SIZES",
            description = "Dense layer sizes, e.g. 64,32 (default: MLP 32 small data, 64,32 large; CNN, GRU 16 small, 32 large).")
    List<Integer> hidden;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout rate (default: 0.5 small data, 0.2 large).")
    Double dropout;

    @Option(names = "--cnn-filters", paramLabel = "N", description = "CNN: convolution filters (default: 32).")
    Integer cnnFilters;

    @Option(names = "--kernel", paramLabel = "STEPS",
            description = "CNN: convolution kernel width in time steps, at most the sequence length (default: 3).")
    Integer kernel;

    @Option(names = "--pool", paramLabel = "STEPS",
            description = "CNN: max-pool width and stride in time steps, 1 = no pooling; at most the positions the"
                    + " kernel leaves (default: 2).")
    Integer pool;

    @Option(names = "--gru-units", paramLabel = "N", description = "GRU: hidden units per layer (default: 32).")
    Integer gruUnits;

    @Option(names = "--gru-layers", paramLabel = "N",
            description = "GRU: stacked layers, e.g. --gru-layers 2 --gru-units 64 (default: 1).")
    Integer gruLayers;

    /** {@code defaults} with every given flag applied. */
    Hyperparameters applyTo(Hyperparameters defaults) {
        Hyperparameters d = defaults;
        return new Hyperparameters(d.architecture(), hidden != null ? hidden : d.hidden(),
                dropout != null ? dropout : d.dropout(),
                cnnFilters != null ? cnnFilters : d.convFilters(), kernel != null ? kernel : d.convKernel(),
                pool != null ? pool : d.convPool(), gruUnits != null ? gruUnits : d.gruHidden(),
                gruLayers != null ? gruLayers : d.gruLayers(), d.optimizer(), d.learningRate(), d.loss(), d.l1(), d.l2(),
                d.epochs(), d.batchSize(), d.patience(), d.validationFraction());
    }

    /**
     * Refuses a CNN or GRU flag that none of the architectures reads, so that a typo'd run
     * ({@code --arch mlp --gru-units 64}) does not silently train something else than asked.
     */
    void requireUsedBy(Collection<Architecture> architectures) {
        List<String> cnn = given(new String[] {"--cnn-filters", "--kernel", "--pool"}, cnnFilters, kernel, pool);
        List<String> gru = given(new String[] {"--gru-units", "--gru-layers"}, gruUnits, gruLayers);
        String trained = architectures.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList().toString();
        if (!cnn.isEmpty() && !architectures.contains(Architecture.CNN)) {
            throw new IllegalArgumentException(apply(cnn) + " to --arch cnn only; this run trains " + trained);
        }
        if (!gru.isEmpty() && !architectures.contains(Architecture.GRU)) {
            throw new IllegalArgumentException(apply(gru) + " to --arch gru only; this run trains " + trained);
        }
    }

    private static String apply(List<String> flags) {
        return String.join(", ", flags) + (flags.size() == 1 ? " applies" : " apply");
    }

    private static List<String> given(String[] names, Integer... values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                out.add(names[i]);
            }
        }
        return out;
    }
}
