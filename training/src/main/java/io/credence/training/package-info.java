/**
 * Credence training: CSV -> dataset + encoder -> DJL network -> ONNX file + model card.
 *
 * <p>Packages: {@code data} (CSV, schema, encoders fitted on training rows, producing the model
 * card's feature specs), {@code nn} (DJL networks, training loop, ONNX export), {@code eval}
 * (metrics, folds, baselines), {@code report} (report.html), {@code cli} (the command line).
 */
package io.credence.training;
