package io.credence.plugin.drl;

import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.explain.Explainer;
import io.credence.plugin.explain.Explainers;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.UnknownModelException;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.ScoringException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Functions for DRL, imported with {@code import function}:
 *
 * <pre>
 * import function io.credence.plugin.drl.ModelFunctions.scoreApplication;
 *
 * rule "Score the application"
 *     salience 1000
 * when
 *     $application : LoanApplication()
 *     not ModelScore( subject == $application, model == "credit-default" )
 * then
 *     insert( scoreApplication( "credit-default", $application ) );
 * end
 * </pre>
 *
 * <p>The application that embeds Drools chooses the models once per process with {@link
 * #use(ModelRegistry)}, the way ONNX Runtime has one environment per process.
 */
public final class ModelFunctions {

    private static volatile ModelRegistry registry;
    private static volatile ExplanationMethod method = ExplanationMethod.BASELINE_SHAPLEY;

    private ModelFunctions() {
    }

    /** Makes {@code models} the registry that DRL functions score with. */
    public static void use(ModelRegistry models) {
        registry = models;
    }

    /** The registry DRL functions score with, or null when none was set. */
    public static ModelRegistry registry() {
        return registry;
    }

    /**
     * Scores an application with the serving version of a model. Never throws into the rule
     * engine: when the model cannot score, the returned fact has {@code scored == false} and a
     * {@code failure} text naming the reason.
     */
    public static ModelScore scoreApplication(String model, Object application) {
        ModelRegistry models = registry;
        if (models == null) {
            return ModelScore.failed(application, model, null,
                    "no model registry is configured (ModelFunctions.use was not called)");
        }
        ModelSession session;
        try {
            session = models.active(model);
        } catch (UnknownModelException e) {
            return ModelScore.failed(application, model, null, e.getMessage());
        }
        try {
            return ModelScore.of(application, session.score(FeatureLookup.of(application)));
        } catch (InvalidFeatureException | ScoringException e) {
            return ModelScore.failed(application, model, session.card().version(), e.getMessage());
        }
    }

    /**
     * Explains a score: which features raised or lowered the probability against the model
     * card's reference applicant (one batched ONNX Runtime call). Never throws into the rule
     * engine: a failure gives a fact with {@code explained == false}.
     */
    public static ModelExplanation explainScore(ModelScore score) {
        ModelRegistry models = registry;
        if (!score.isScored()) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), "the application was not scored: " + score.getFailure());
        }
        if (models == null || score.getVersion() == null) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), "no model registry is configured");
        }
        try {
            ModelSession session = models.version(score.getModel(), score.getVersion());
            Explainer explainer = Explainers.of(session, method);
            FeatureSource raw = FeatureLookup.of(score.getSubject());
            return ModelExplanation.of(score.getSubject(), score.getEncoded() != null
                    ? explainer.explain(score.getEncoded(), raw)
                    : explainer.explain(raw));
        } catch (UnknownModelException | InvalidFeatureException | ScoringException | IllegalArgumentException e) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), e.getMessage());
        }
    }

    /** Chooses the explanation method DRL explanations use (default {@link ExplanationMethod#BASELINE_SHAPLEY}). */
    public static void explainWith(ExplanationMethod explanationMethod) {
        method = explanationMethod;
    }

    /** A probability as a percentage for reason texts, e.g. {@code 0.3512 -> "35.1 %"}. */
    public static String percent(double probability) {
        double value = probability * 100.0;
        if (!Double.isFinite(value) || value == 0.0 && Double.doubleToRawLongBits(value) != 0L) {
            return String.format(Locale.ROOT, "%.1f %%", value); // NaN, infinities, -0.0
        }
        // What String.format("%.1f") prints (the shortest decimal of the double, rounded half up),
        // without parsing a format string per call: this runs in every cut-off rule.
        return new BigDecimal(Double.toString(value)).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }
}
