package io.credence.training.pipeline;

import io.credence.training.nn.EpochStats;
import java.util.Locale;

/** Formats training progress lines. */
public final class Progress {

    private Progress() {
    }

    /** {@code <prefix> epoch 7: loss 0.4812, validation loss 0.5012, validation AUC 0.7731}. */
    public static String line(String prefix, EpochStats e) {
        return String.format(Locale.ROOT, "%s epoch %d: loss %.4f, validation loss %.4f, validation AUC %.4f",
                prefix, e.epoch(), e.trainLoss(), e.validationLoss(), e.validationAuc());
    }
}
