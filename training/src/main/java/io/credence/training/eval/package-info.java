/** Model evaluation: ROC AUC, Gini, KS, Brier, log loss, calibration, folds and baselines. */
package io.credence.training.eval;
