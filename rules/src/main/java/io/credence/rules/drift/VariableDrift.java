package io.credence.rules.drift;

import java.util.List;

/**
 * One variable of one model version at one moment: its bins, training and live shares, and PSI.
 *
 * @param name     feature name, or {@code score}
 * @param labels   bin labels ({@code NEGATIVE}, {@code ≤ 24.5}, {@code 0.1–0.2})
 * @param training the training share of each bin
 * @param live     the share of each bin in the window (all 0 when nothing was observed)
 * @param observed applications in the window that had this variable
 * @param psi      the population stability index, NaN below the minimum number of applications
 */
public record VariableDrift(String name, List<String> labels, List<Double> training, List<Double> live, long observed,
                            double psi) {

    public VariableDrift {
        labels = List.copyOf(labels);
        training = List.copyOf(training);
        live = List.copyOf(live);
    }
}
