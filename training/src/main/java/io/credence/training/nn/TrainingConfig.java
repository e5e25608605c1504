package io.credence.training.nn;

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

    /** Losses. */
    public enum Loss { BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY, MSE }
}
