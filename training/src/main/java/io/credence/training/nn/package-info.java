/**
 * DJL networks for credit risk (MLP, 1-D CNN and stacked GRU over payment histories), their
 * training loop, and their export to ONNX.
 */
package io.credence.training.nn;
