package io.credence.training.nn;

/** The network families Credence trains. */
public enum Architecture {
    /** Dense layers with ReLU over the tabular features. */
    MLP,
    /** 1-D convolution + pooling over the sequence input, then dense layers (tabular features joined). */
    CNN,
    /** Stacked GRU over the sequence input, last hidden state, then dense layers (tabular features joined). */
    GRU
}
