/**
 * ONNX Runtime behind one process-wide environment: execution-provider policy ({@code auto},
 * {@code cpu}, {@code cuda[:id]}), one reference-counted session per model version, and the
 * {@link io.credence.plugin.runtime.Score} that reports which provider actually ran. Every output
 * leaves through one guard: NaN, infinities and values outside [0, 1] fail the call with
 * {@link io.credence.plugin.runtime.InvalidModelOutputException} and are counted per version.
 */
package io.credence.plugin.runtime;
