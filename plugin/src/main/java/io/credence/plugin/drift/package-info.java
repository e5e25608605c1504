/**
 * Drift monitoring math, free of any service: the population stability index ({@link
 * io.credence.plugin.drift.Psi}), the training profile a card keeps ({@link
 * io.credence.plugin.drift.DistributionProfile} builds the card's {@code distributions}), how an
 * encoded application falls into those bins ({@link io.credence.plugin.drift.FeatureBins}) and a
 * sliding window of the last applications' bins ({@link io.credence.plugin.drift.SlidingHistograms}).
 */
package io.credence.plugin.drift;
