package io.credence.rules.decision;

import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.registry.ModelRole;
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
 * @param role            {@code champion} or {@code challenger} (the version decided) or {@code shadow} (it
 *                        only scored) under the registry's model routing; null when the model has no route.
 *                        Recorded only when present, so records written before routing keep their hash
 */
public record ScoreSummary(String model, String version, String modelSha256, String provider, Double value,
                           String failure, Map<String, Float> encodedFeatures, String role) {

    public ScoreSummary {
        ModelRole.ofLabel(role); // refuses an unknown role
    }

    /** A score without a role (the model has no route). */
    public ScoreSummary(String model, String version, String modelSha256, String provider, Double value,
                        String failure, Map<String, Float> encodedFeatures) {
        this(model, version, modelSha256, provider, value, failure, encodedFeatures, null);
    }

    public static ScoreSummary of(ModelScore score) {
        return new ScoreSummary(score.getModel(), score.getVersion(), score.getModelSha256(), score.getProvider(),
                score.isScored() ? score.getProbability() : null, score.getFailure(), score.getEncodedFeatures(),
                score.getRole() == null ? null : score.getRole().label());
    }

    /** The same score with other encoded features (e.g. none, once erased). */
    public ScoreSummary withEncodedFeatures(Map<String, Float> features) {
        return new ScoreSummary(model, version, modelSha256, provider, value, failure, features, role);
    }

    /** True for a shadow version's score: recorded, never decided on. */
    public boolean shadow() {
        return ModelRole.SHADOW.label().equals(role);
    }
}
