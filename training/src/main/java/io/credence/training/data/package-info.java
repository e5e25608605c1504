/**
 * Training data: CSV files read under a declared {@link io.credence.training.data.DatasetSchema}
 * (or one inferred from the file), validated into a {@link io.credence.training.data.Dataset},
 * and encoded by a {@link io.credence.training.data.FittedEncoding} whose fitted statistics
 * (medians, means, standard deviations, vocabularies) are fitted on training rows only and
 * expressed as the plugin's model-card feature specs. Rows are turned into tensors by the
 * plugin's {@link io.credence.plugin.encode.FeatureEncoder}, the same code that encodes
 * applications at serving time, so training and serving cannot drift apart.
 */
package io.credence.training.data;
