package io.credence.plugin.card;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The card's optional {@code distributions} section: how the training rows were distributed, per
 * feature and of the model's score, the baseline the service's drift monitor compares live
 * traffic against (population stability index, {@code io.credence.plugin.drift.Psi}). Written by
 * training ({@code credence-training train}, or {@code credence-training profile} for a package
 * trained before); a card without it loads and serves, unmonitored.
 *
 * <pre>{@code
 * TrainingDistributions d = card.distributions();
 * Distribution age = d.features().get("ageYears");
 * }</pre>
 *
 * @param rows     the number of training rows the distributions were computed from
 * @param features per feature name (tabular features only): numeric features in quantile bins,
 *                 categorical and ordinal ones as the share of each code
 * @param score    the model's score on the training rows, in ten bins of width 0.1 on [0, 1]
 */
public record TrainingDistributions(long rows, Map<String, Distribution> features, Distribution score) {

    public TrainingDistributions {
        if (rows < 1) {
            throw new IllegalArgumentException("distributions.rows must be at least 1, was " + rows);
        }
        if (score == null) {
            throw new IllegalArgumentException("distributions.score is required");
        }
        if (score.isCategorical()) {
            throw new IllegalArgumentException("distributions.score must have numeric edges, has categories");
        }
        features = features == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }
}
