/**
 * Versioned model packages ({@code <name>/<version>/model.onnx} + {@code model-card.json}, signed in
 * {@code model.sig}) loaded from a directory or the classpath, signature-checked where a
 * {@link io.credence.plugin.sign.PackageTrust} is given, hash-checked and matched against the ONNX
 * graph before they serve. A refused package never displaces the version already serving.
 */
package io.credence.plugin.registry;
