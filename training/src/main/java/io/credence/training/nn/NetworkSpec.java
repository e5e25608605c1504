package io.credence.training.nn;

import java.util.List;

/**
 * Shape and size of a network.
 *
 * @param architecture     MLP, CNN or GRU
 * @param tabularWidth     encoded columns of the tabular input (0 when there is none)
 * @param sequenceSteps    time steps of the sequence input (0 when there is none; MLP has none)
 * @param sequenceChannels channels per step of the sequence input
 * @param hidden           sizes of the dense layers after the feature extractor
 * @param dropout          dropout rate after each dense layer (0 = none)
 * @param convFilters      CNN: filters of the convolution
 * @param convKernel       CNN: kernel width
 * @param gruHidden        GRU: hidden units per layer
 * @param gruLayers        GRU: stacked layers
 * @param outputs          1 for a sigmoid probability (binary cross-entropy or MSE), k for softmax over k grades
 */
public record NetworkSpec(
        Architecture architecture,
        int tabularWidth,
        int sequenceSteps,
        int sequenceChannels,
        List<Integer> hidden,
        double dropout,
        int convFilters,
        int convKernel,
        int gruHidden,
        int gruLayers,
        int outputs) {

    public NetworkSpec {
        hidden = List.copyOf(hidden);
    }
}
