package io.credence.training.nn;

import java.util.List;
import java.util.Objects;

/**
 * Shape and size of a network.
 *
 * <p>The CNN runs one convolution (stride 1, no padding) with ReLU over the time axis, then a max
 * pooling of width {@link #convPool()} (stride the same, no padding, a last partial window
 * dropped; 1 = no pooling), flattens filters x pooled steps and joins the tabular input after it.
 * The GRU keeps the hidden state of the last time step of the top layer. Both then run the dense
 * layers of {@link #hidden()}.
 *
 * @param architecture     MLP, CNN or GRU
 * @param tabularWidth     encoded columns of the tabular input (0 when there is none)
 * @param sequenceSteps    time steps of the sequence input (0 when there is none; MLP has none)
 * @param sequenceChannels channels per step of the sequence input
 * @param hidden           sizes of the dense layers after the feature extractor
 * @param dropout          dropout rate after each dense layer (0 = none)
 * @param convFilters      CNN: filters of the convolution
 * @param convKernel       CNN: kernel width
 * @param convPool         CNN: width and stride of the max pooling over time (1 = none)
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
        int convPool,
        int gruHidden,
        int gruLayers,
        int outputs) {

    public NetworkSpec {
        Objects.requireNonNull(architecture, "architecture is required (MLP, CNN or GRU)");
        Objects.requireNonNull(hidden, "hidden is required (use an empty list for no dense layers)");
        hidden = List.copyOf(hidden);
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) < 1) {
                throw new IllegalArgumentException("hidden[" + i + "] must be >= 1, was " + hidden.get(i));
            }
        }
        if (tabularWidth < 0) {
            throw new IllegalArgumentException("tabularWidth must be >= 0, was " + tabularWidth);
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be 1 (sigmoid) or >= 2 (softmax grades), was " + outputs);
        }
        switch (architecture) {
            case MLP -> {
                if (tabularWidth < 1) {
                    throw new IllegalArgumentException("an MLP needs tabularWidth >= 1, was " + tabularWidth);
                }
                if (sequenceSteps != 0) {
                    throw new IllegalArgumentException("an MLP has no sequence input; sequenceSteps must be 0, was " + sequenceSteps);
                }
            }
            case CNN -> {
                requireSequence(architecture, sequenceSteps, sequenceChannels);
                if (convFilters < 1) {
                    throw new IllegalArgumentException("a CNN needs convFilters >= 1, was " + convFilters);
                }
                if (convPool < 1) {
                    throw new IllegalArgumentException("a CNN needs convPool >= 1 (1 = no pooling), was " + convPool);
                }
                if (convKernel < 1 || sequenceSteps - convKernel + 1 < convPool) {
                    throw new IllegalArgumentException("convKernel must be in [1, " + (sequenceSteps - convPool + 1)
                            + "] so that " + sequenceSteps + " steps leave at least " + convPool
                            + " position(s) to pool, was " + convKernel);
                }
            }
            case GRU -> {
                requireSequence(architecture, sequenceSteps, sequenceChannels);
                if (gruHidden < 1) {
                    throw new IllegalArgumentException("a GRU needs gruHidden >= 1, was " + gruHidden);
                }
                if (gruLayers < 1) {
                    throw new IllegalArgumentException("a GRU needs gruLayers >= 1, was " + gruLayers);
                }
            }
            default -> throw new IllegalArgumentException("unknown architecture " + architecture);
        }
    }

    private static void requireSequence(Architecture architecture, int steps, int channels) {
        if (steps < 1) {
            throw new IllegalArgumentException("a " + architecture + " needs sequenceSteps >= 1, was " + steps);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("a " + architecture + " needs sequenceChannels >= 1, was " + channels);
        }
    }

    /** True when the network reads a sequence input (CNN and GRU). */
    public boolean hasSequence() {
        return architecture != Architecture.MLP;
    }

    /** True when the network reads a tabular input. */
    public boolean hasTabular() {
        return tabularWidth > 0;
    }

    /** CNN: positions left after the convolution and the pooling. */
    public int pooledSteps() {
        return (sequenceSteps - convKernel + 1 - convPool) / convPool + 1;
    }

    /** Width of what the sequence extractor produces (0 for an MLP). */
    public int sequenceFeatureWidth() {
        return switch (architecture) {
            case MLP -> 0;
            case CNN -> convFilters * pooledSteps();
            case GRU -> gruHidden;
        };
    }

    /** Width of the vector the dense layers read: tabular columns plus sequence features. */
    public int joinedWidth() {
        return tabularWidth + sequenceFeatureWidth();
    }
}
