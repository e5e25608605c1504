package io.credence.training.nn;

import java.util.function.Consumer;

/**
 * Builds and fits DJL networks.
 *
 * <pre>{@code
 * try (TrainedNetwork net = NetworkTrainer.train(spec, config, train, validation, epoch -> log(epoch))) {
 *     float[] p = net.predict(holdout);
 *     byte[] onnx = net.exportOnnx(card);
 * }
 * }</pre>
 */
public final class NetworkTrainer {

    private NetworkTrainer() {
    }

    /**
     * Fits a network. With validation rows and {@code patience > 0}, stops when validation AUC has
     * not improved for {@code patience} epochs and keeps the parameters of the best epoch.
     *
     * @param validation may be null (then no early stopping)
     * @param progress   called after every epoch
     */
    public static TrainedNetwork train(NetworkSpec spec, TrainingConfig config, NetworkInput train,
                                       NetworkInput validation, Consumer<EpochStats> progress) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
