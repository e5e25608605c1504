package io.credence.training.nn;

import java.util.List;

/**
 * The trained parameters of a network as plain float arrays in PyTorch layout, the form the ONNX
 * exporter reads.
 *
 * @param conv   CNN convolution, or null
 * @param gru    GRU layers bottom-up (empty unless GRU)
 * @param hidden the dense layers after the feature extractor
 * @param output the output layer (logits)
 */
record NetworkWeights(Conv conv, List<GruLayer> gru, List<Dense> hidden, Dense output) {

    NetworkWeights {
        gru = List.copyOf(gru);
        hidden = List.copyOf(hidden);
    }

    /**
     * A fully connected layer {@code y = x W^T + b}.
     *
     * @param weight [out][in] row-major
     * @param bias   [out]
     */
    record Dense(float[] weight, float[] bias, int in, int out) {
        Dense {
            check(weight.length == out * in, "dense weight", weight.length, out * in);
            check(bias.length == out, "dense bias", bias.length, out);
        }
    }

    /**
     * A 1-D convolution over NCW input.
     *
     * @param weight [filters][channels][kernel] row-major
     * @param bias   [filters]
     */
    record Conv(float[] weight, float[] bias, int filters, int channels, int kernel) {
        Conv {
            check(weight.length == filters * channels * kernel, "conv weight", weight.length, filters * channels * kernel);
            check(bias.length == filters, "conv bias", bias.length, filters);
        }
    }

    /**
     * One GRU layer in PyTorch layout: gate blocks in the order reset, update, new.
     *
     * @param inputWeight     [3 * hidden][input]
     * @param recurrentWeight [3 * hidden][hidden]
     * @param inputBias       [3 * hidden]
     * @param recurrentBias   [3 * hidden]
     */
    record GruLayer(float[] inputWeight, float[] recurrentWeight, float[] inputBias, float[] recurrentBias,
                    int input, int hidden) {
        GruLayer {
            check(inputWeight.length == 3 * hidden * input, "GRU input weight", inputWeight.length, 3 * hidden * input);
            check(recurrentWeight.length == 3 * hidden * hidden, "GRU recurrent weight", recurrentWeight.length, 3 * hidden * hidden);
            check(inputBias.length == 3 * hidden, "GRU input bias", inputBias.length, 3 * hidden);
            check(recurrentBias.length == 3 * hidden, "GRU recurrent bias", recurrentBias.length, 3 * hidden);
        }
    }

    private static void check(boolean ok, String what, int actual, int expected) {
        if (!ok) {
            throw new IllegalArgumentException(what + " has " + actual + " values, expected " + expected);
        }
    }
}
