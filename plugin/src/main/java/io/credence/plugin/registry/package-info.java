/**
 * Versioned model packages ({@code <name>/<version>/model.onnx} + {@code model-card.json}) loaded
 * from a directory or the classpath, hash-checked and matched against the ONNX graph before they
 * serve. A refused package never displaces the version already serving.
 */
package io.credence.plugin.registry;
