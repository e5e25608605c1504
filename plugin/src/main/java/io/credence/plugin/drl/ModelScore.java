package io.credence.plugin.drl;

import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.runtime.Score;
import io.credence.plugin.registry.ModelRole;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fact a model score becomes in working memory. Policy rules match on it, e.g.
 * {@code ModelScore( model == "credit-default", scored, probability > 0.35 )}.
 *
 * <p>When the model could not score the application (missing or NaN feature, model not loaded,
 * runtime failure, or an output that is not a probability in [0, 1] such as NaN or -0.5) the
 * fact is still inserted, with {@code scored == false} and the reason in
 * {@code failure}, so that rules can refer the application to a person instead of letting it
 * through unscored.
 */
public final class ModelScore {

    private final Object subject;
    private final String model;
    private final String version;
    private final String modelSha256;
    private final String provider;
    private final boolean scored;
    private final double probability;
    private final String failure;
    private final EncodedApplication encoded;
    private volatile Map<String, Float> encodedFeatures;
    private final ModelRole role;
    private final List<ModelScore> shadows;

    private ModelScore(Object subject, String model, String version, String modelSha256, String provider,
                       boolean scored, double probability, String failure, EncodedApplication encoded) {
        this(subject, model, version, modelSha256, provider, scored, probability, failure, encoded, null, List.of());
    }

    private ModelScore(Object subject, String model, String version, String modelSha256, String provider,
                       boolean scored, double probability, String failure, EncodedApplication encoded,
                       ModelRole role, List<ModelScore> shadows) {
        this.role = role;
        this.shadows = List.copyOf(shadows);
        this.subject = subject;
        this.model = Objects.requireNonNull(model, "model");
        this.version = version;
        this.modelSha256 = modelSha256;
        this.provider = provider;
        this.scored = scored;
        this.probability = probability;
        this.failure = failure;
        this.encoded = encoded;
    }

    /** A successful score. */
    public static ModelScore of(Object subject, Score score) {
        return new ModelScore(subject, score.model(), score.version(), score.modelSha256(), score.provider().label(), true,
                score.value(), null, score.encoded());
    }

    /**
     * A score computed outside the session (e.g. by a batch scorer), inserted by the caller so
     * that the scoring rule does not run the model again.
     */
    public static ModelScore precomputed(Object subject, String model, String version, String provider, double probability) {
        if (!Score.isProbability(probability)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
        }
        return new ModelScore(subject, model, version, null, provider, true, probability, null, null);
    }

    /** The model could not score this application; rules see {@code scored == false}. */
    public static ModelScore failed(Object subject, String model, String version, String failure) {
        return new ModelScore(subject, model, version, null, null, false, Double.NaN, failure, null);
    }

    /**
     * This score with the role its version played under the registry's routing, and the scores of
     * the model's shadow versions (each with role {@link ModelRole#SHADOW}).
     */
    ModelScore routed(ModelRole playing, List<ModelScore> shadowScores) {
        return new ModelScore(subject, model, version, modelSha256, provider, scored, probability, failure, encoded,
                playing, shadowScores);
    }

    /**
     * The role of the version that computed this score under the registry's routing: champion,
     * challenger or shadow; null when the model has no route (or the score was given).
     */
    public ModelRole getRole() {
        return role;
    }

    /**
     * The scores of the model's shadow versions for the same application, for the audit record and
     * the metrics. Not a property on purpose: a policy must not decide on a shadow (a shadow's score
     * is never inserted into working memory, and rules do not match on this list).
     */
    public List<ModelScore> shadowScores() {
        return shadows;
    }

    /** The application fact this score belongs to. */
    public Object getSubject() {
        return subject;
    }

    public String getModel() {
        return model;
    }

    /** Model version, or null when no version could be resolved. */
    public String getVersion() {
        return version;
    }

    /** SHA-256 of the ONNX file that computed the score; null when not scored or precomputed. */
    public String getModelSha256() {
        return modelSha256;
    }

    /** Execution provider label, e.g. {@code CPUExecutionProvider}; null when not scored. */
    public String getProvider() {
        return provider;
    }

    public boolean isScored() {
        return scored;
    }

    /** The model output (probability of the bad outcome); NaN when not scored. */
    public double getProbability() {
        return probability;
    }

    /** Why the application could not be scored; null when scored. */
    public String getFailure() {
        return failure;
    }

    /** Encoded features the model saw, by column name (empty when not scored here); built on first use. */
    public Map<String, Float> getEncodedFeatures() {
        Map<String, Float> features = encodedFeatures;
        if (features == null) {
            features = encoded == null ? Map.of() : encoded.byColumn();
            encodedFeatures = features;
        }
        return features;
    }

    /** The encoded application the model saw, or null when not scored here. */
    public EncodedApplication getEncoded() {
        return encoded;
    }

    @Override
    public String toString() {
        return scored
                ? "ModelScore[" + model + "@" + version + (role == null ? "" : " " + role.label()) + " = " + probability
                + " on " + provider + "]"
                : "ModelScore[" + model + (version == null ? "" : "@" + version) + " failed: " + failure + "]";
    }
}
