package io.credence.training.pipeline;

import io.credence.training.data.DatasetSchema;
import java.nio.file.Path;

/**
 * What {@code train} was asked to do.
 *
 * @param data            training CSV
 * @param schema          the schema to read it with (null = infer)
 * @param target          target column
 * @param bad             target value meaning "bad"
 * @param hyperparameters network settings
 * @param folds           cross-validation folds (0 or 1 = no cross-validation)
 * @param seed            seed for folds, splits, initialisation and shuffling
 * @param name            model name for the card
 * @param version         model version for the card
 * @param out             package directory
 * @param command         the command line, recorded in the card
 */
public record TrainRequest(Path data, DatasetSchema schema, String target, String bad, Hyperparameters hyperparameters,
                           int folds, long seed, String name, String version, Path out, String command) {

    public TrainRequest {
        if (data == null) {
            throw new IllegalArgumentException("--data is required");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (folds < 0 || folds == 1) {
            throw new IllegalArgumentException("--folds must be 0 (no cross-validation) or >= 2, was " + folds);
        }
    }
}
