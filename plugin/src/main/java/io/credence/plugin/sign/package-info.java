/**
 * Signed model packages: Ed25519 key files ({@link io.credence.plugin.sign.KeyFiles}, the format the
 * audit checkpoints use too), the package signature {@code model.sig} over the card and the ONNX file
 * ({@link io.credence.plugin.sign.PackageSignature}), the keys a process trusts
 * ({@link io.credence.plugin.sign.TrustedKeys}) and the rule that admits or refuses a package
 * ({@link io.credence.plugin.sign.PackageTrust}).
 */
package io.credence.plugin.sign;
