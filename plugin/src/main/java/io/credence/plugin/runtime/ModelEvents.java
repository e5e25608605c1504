package io.credence.plugin.runtime;

import io.credence.plugin.card.ModelCard;

/**
 * What a model registry's sessions report as they work, for whoever counts it (the service binds
 * it to its metrics). Plain callbacks: the plugin depends on no metrics library. Called on the
 * scoring threads, so an implementation is quick and thread-safe; {@link #NONE} ignores everything.
 *
 * <pre>{@code
 * registry.events(new ModelEvents() {
 *     public void batchScored(ModelCard card, int rows) { sizes.record(rows); }
 * });
 * }</pre>
 */
public interface ModelEvents {

    /** Reports nothing (the default of every registry and session). */
    ModelEvents NONE = new ModelEvents() {
    };

    /**
     * One ONNX Runtime call of a micro-batching session scored {@code rows} rows ({@code 1} for a lone
     * caller). Not called when micro-batching is off.
     */
    default void batchScored(ModelCard card, int rows) {
    }

    /**
     * One score of {@code card}'s model was explained by {@code method} (an
     * {@link io.credence.plugin.explain.ExplanationMethod} name) in {@code nanos}, successfully or not.
     */
    default void explained(ModelCard card, String method, long nanos, boolean explained) {
    }
}
