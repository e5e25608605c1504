/**
 * Credence plugin: versioned ONNX credit-risk models as Drools rule functions.
 *
 * <p>Follow one model through the packages: {@code card} (what the model expects and means) ->
 * {@code encode} (raw application values to the tensor the network reads) -> {@code runtime}
 * (ONNX Runtime sessions and the execution provider) -> {@code registry} (versioned model packages
 * loaded from a directory or the classpath) -> {@code drl} (the functions and facts rules use).
 */
package io.credence.plugin;
