package io.credence.training.nn;

/**
 * One epoch of training, as shown while training runs and in the learning curves.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean training loss
 * @param validationLoss mean validation loss (NaN without validation rows)
 * @param validationAuc  ROC AUC on the validation rows (NaN without validation rows)
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAuc) {
}
