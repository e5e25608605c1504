package io.credence.training.nn;

import java.util.Objects;

/**
 * How a network is fitted.
 *
 * @param optimizer           ADAM, ADAGRAD or SGD
 * @param learningRate        step size
 * @param loss                BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY or MSE
 * @param l1                  L1 penalty on weights
 * @param l2                  L2 penalty on weights
 * @param maxEpochs           upper bound on epochs
 * @param batchSize           mini-batch size
 * @param patience            early stopping: epochs without validation-AUC improvement before stopping (0 = off)
 * @param positiveClassWeight weight of the bad class in the loss (1 = unweighted)
 * @param seed                seed for initialisation, shuffling and dropout
 */
public record TrainingConfig(
        Optimizer optimizer,
        double learningRate,
        Loss loss,
        double l1,
        double l2,
        int maxEpochs,
        int batchSize,
        int patience,
        double positiveClassWeight,
        long seed) {

    /** Optimizers. */
    public enum Optimizer { ADAM, ADAGRAD, SGD }

    /**
     * Losses. Binary cross-entropy is computed on the logit; MSE on the sigmoid output; softmax
     * cross-entropy on the softmax over the grades. The bad class is label 1 (sigmoid) or the last
     * grade (softmax); {@link #positiveClassWeight()} multiplies its rows' loss.
     */
    public enum Loss {
        BINARY_CROSS_ENTROPY("bce"), SOFTMAX_CROSS_ENTROPY("softmax"), MSE("mse");

        private final String shortName;

        Loss(String shortName) {
            this.shortName = shortName;
        }

        /** The name on the command line and in the model card: {@code bce}, {@code softmax} or {@code mse}. */
        public String shortName() {
            return shortName;
        }

        /**
         * The loss of a short name (any case).
         *
         * @throws IllegalArgumentException naming {@code --loss} and the accepted names
         */
        public static Loss ofShortName(String name) {
            for (Loss loss : values()) {
                if (loss.shortName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return loss;
                }
            }
            throw new IllegalArgumentException("--loss '" + name + "' is not one of bce, mse, softmax");
        }
    }

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer is required (ADAM, ADAGRAD or SGD)");
        Objects.requireNonNull(loss, "loss is required (BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY or MSE)");
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, was " + learningRate);
        }
        if (!(l1 >= 0.0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, was " + l1);
        }
        if (!(l2 >= 0.0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, was " + l2);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, was " + maxEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0 = no early stopping), was " + patience);
        }
        if (!(positiveClassWeight > 0.0) || Double.isInfinite(positiveClassWeight)) {
            throw new IllegalArgumentException("positiveClassWeight must be a positive finite number, was " + positiveClassWeight);
        }
    }

    /** Copy with another epoch limit. */
    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(optimizer, learningRate, loss, l1, l2, epochs, batchSize, patience,
                positiveClassWeight, seed);
    }

    /** Copy with another seed. */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(optimizer, learningRate, loss, l1, l2, maxEpochs, batchSize, patience,
                positiveClassWeight, newSeed);
    }

    /** Copy with another weight for the bad class. */
    public TrainingConfig withPositiveClassWeight(double weight) {
        return new TrainingConfig(optimizer, learningRate, loss, l1, l2, maxEpochs, batchSize, patience,
                weight, seed);
    }

    /** Copy with another optimizer and learning rate. */
    public TrainingConfig withOptimizer(Optimizer newOptimizer, double newLearningRate) {
        return new TrainingConfig(newOptimizer, newLearningRate, loss, l1, l2, maxEpochs, batchSize, patience,
                positiveClassWeight, seed);
    }
}
