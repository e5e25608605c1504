/**
 * The model card: a versioned JSON document beside every {@code model.onnx} that names the
 * model, pins the ONNX file by SHA-256, lists the ordered input features with their encoding, and
 * says what the output means. The schema is documented in {@code docs/model-card.md}.
 */
package io.credence.plugin.card;
