/**
 * ONNX Runtime behind one process-wide environment: execution-provider policy ({@code auto},
 * {@code cpu}, {@code cuda[:id]}), one reference-counted session per model version, and the
 * {@link io.credence.plugin.runtime.Score} that reports which provider actually ran.
 */
package io.credence.plugin.runtime;
