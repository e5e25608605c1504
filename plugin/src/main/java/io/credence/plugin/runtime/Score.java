package io.credence.plugin.runtime;

import io.credence.plugin.encode.EncodedApplication;

/**
 * One model output for one application. A score always holds a probability: {@link ModelSession}
 * refuses NaN, infinities and values outside [0, 1] before a score is made.
 *
 * @param model    model name
 * @param version  model version
 * @param modelSha256 SHA-256 of the ONNX file that computed it
 * @param provider the execution provider that computed it
 * @param value    the output the card's {@code output.index} points at (e.g. probability of default), in [0, 1]
 * @param encoded  the encoded features the model saw
 */
public record Score(String model, String version, String modelSha256, ExecutionProvider provider, double value, EncodedApplication encoded) {

    public Score {
        if (!isProbability(value)) {
            throw new IllegalArgumentException("score of model " + model + "@" + version + ": value must be a probability in [0, 1], was " + value);
        }
        value += 0.0; // -0.0 -> 0.0
    }

    /** True for a number in [0, 1] ({@code -0.0} included); false for NaN, infinities and anything outside. */
    public static boolean isProbability(double value) {
        return value >= 0.0 && value <= 1.0;
    }
}
