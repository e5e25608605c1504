/**
 * Explanations of model scores for adverse-action notices: per-feature attributions against the
 * card's reference applicant, computed with one batched ONNX Runtime call per application, and
 * the analyst-edited table that turns the largest adverse attributions into reason codes.
 * See {@code docs/explanations.md} for the method and its limits.
 */
package io.credence.plugin.explain;
