/**
 * The one place where raw application values become model input: {@link
 * io.credence.plugin.encode.FeatureEncoder} applies a model card's encoding (scaling, one-hot
 * vocabularies, missing-value rules, range checks) and refuses what it cannot encode with an
 * error that names every offending feature.
 */
package io.credence.plugin.encode;
