package io.credence.rules.decision;

import io.credence.plugin.drl.ModelScore;
import java.util.Map;

/**
 * A model score as it leaves the service and enters the audit record.
 *
 * @param model           model name
 * @param version         model version (null when the model could not be resolved)
 * @param modelSha256     SHA-256 of the ONNX file (null when not scored or precomputed)
 * @param provider        execution provider that computed it (null when not scored)
 * @param value           the score (null when not scored)
 * @param failure         why it could not be scored (null when scored)
 * @param encodedFeatures the encoded features the model saw
 */
public record ScoreSummary(String model, String version, String modelSha256, String provider, Double value,
                           String failure, Map<String, Float> encodedFeatures) {

    public static ScoreSummary of(ModelScore score) {
        return new ScoreSummary(score.getModel(), score.getVersion(), score.getModelSha256(), score.getProvider(),
                score.isScored() ? score.getProbability() : null, score.getFailure(), score.getEncodedFeatures());
    }
}
