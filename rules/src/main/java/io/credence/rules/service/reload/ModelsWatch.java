package io.credence.rules.service.reload;

import java.time.Duration;

/**
 * Whether a change in the models folder reloads the models by itself.
 *
 * @param enabled  {@code credence.models.watch} (default true; only with a models folder)
 * @param interval {@code credence.models.watch-interval} (default {@code 2s}): how often the folder is looked
 *                 at; a change is reloaded once the folder stayed the same for one interval (debounced,
 *                 so a package being copied is not loaded half-written)
 */
public record ModelsWatch(boolean enabled, Duration interval) {

    public static final ModelsWatch OFF = new ModelsWatch(false, Duration.ofSeconds(2));

    public ModelsWatch {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("credence.models.watch-interval must be a positive duration such as 2s, was "
                    + interval);
        }
    }
}
