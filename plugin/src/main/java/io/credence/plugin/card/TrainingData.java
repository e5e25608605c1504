package io.credence.plugin.card;

/**
 * Provenance of the rows the model was fitted on.
 *
 * @param source  file or data set name
 * @param sha256  SHA-256 of the training file as read
 * @param rows    number of training rows
 * @param licence licence or attribution of the data
 */
public record TrainingData(String source, String sha256, long rows, String licence) {

    public TrainingData {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("trainingData.source is required");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("trainingData.sha256 must be 64 lower-case hex digits, was " + sha256);
        }
    }
}
