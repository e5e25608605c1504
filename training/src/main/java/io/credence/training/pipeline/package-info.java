/**
 * The training workflow shared by the commands: cross-validation of networks and baselines on
 * the same seeded folds, the final fit with an internal validation split for early stopping,
 * ONNX export, the ONNX Runtime parity check and the model package.
 */
package io.credence.training.pipeline;
