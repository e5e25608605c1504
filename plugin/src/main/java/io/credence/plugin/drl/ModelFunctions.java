package io.credence.plugin.drl;

import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.UnknownModelException;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.ScoringException;
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

    /** A probability as a percentage for reason texts, e.g. {@code 0.3512 -> "35.1 %"}. */
    public static String percent(double probability) {
        return String.format(Locale.ROOT, "%.1f %%", probability * 100.0);
    }
}
