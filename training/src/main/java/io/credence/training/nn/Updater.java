package io.credence.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies one optimizer step to one parameter. Adam and SGD are DJL's optimizers (fused native
 * updates); Adagrad is written here because DJL's {@code Adagrad} keeps its state as a row-sparse
 * array, which the PyTorch engine does not support.
 */
abstract class Updater {

    /** Updates {@code weight} in place from {@code gradient}; temporaries go to {@code batch}. */
    abstract void update(String parameterId, NDArray weight, NDArray gradient, NDManager batch);

    static Updater of(TrainingConfig config) {
        float rate = (float) config.learningRate();
        return switch (config.optimizer()) {
            case ADAM -> new Djl(Optimizer.adam().optLearningRateTracker(Tracker.fixed(rate)).build());
            case SGD -> new Djl(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(rate)).build());
            case ADAGRAD -> new Adagrad(rate, 1e-8f);
        };
    }

    /** A DJL optimizer. */
    private static final class Djl extends Updater {
        private final Optimizer optimizer;

        Djl(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        @Override
        void update(String parameterId, NDArray weight, NDArray gradient, NDManager batch) {
            optimizer.update(parameterId, weight, gradient);
        }
    }

    /** Adagrad: {@code h += g^2; w -= rate * g / (sqrt(h) + epsilon)}. */
    private static final class Adagrad extends Updater {
        private final float rate;
        private final float epsilon;
        private final Map<String, NDArray> history = new HashMap<>();

        Adagrad(float rate, float epsilon) {
            this.rate = rate;
            this.epsilon = epsilon;
        }

        @Override
        void update(String parameterId, NDArray weight, NDArray gradient, NDManager batch) {
            NDArray h = history.computeIfAbsent(parameterId, id -> weight.zerosLike());
            h.addi(gradient.square());
            NDArray root = h.sqrt();
            root.attach(batch);
            weight.subi(gradient.mul(rate).div(root.add(epsilon)));
        }
    }
}
