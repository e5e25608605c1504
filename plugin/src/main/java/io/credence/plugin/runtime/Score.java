package io.credence.plugin.runtime;

import io.credence.plugin.encode.EncodedApplication;

/**
 * One model output for one application.
 *
 * @param model    model name
 * @param version  model version
 * @param modelSha256 SHA-256 of the ONNX file that computed it
 * @param provider the execution provider that computed it
 * @param value    the output the card's {@code output.index} points at (e.g. probability of default)
 * @param encoded  the encoded features the model saw
 */
public record Score(String model, String version, String modelSha256, ExecutionProvider provider, double value, EncodedApplication encoded) {
}
