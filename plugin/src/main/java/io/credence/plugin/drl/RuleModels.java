package io.credence.plugin.drl;

import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.explain.Explainer;
import io.credence.plugin.explain.Explainers;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.ModelRole;
import io.credence.plugin.registry.ModelRoute;
import io.credence.plugin.registry.UnknownModelException;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.ScoringException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The models one rule base scores with, handed to its sessions as the DRL global {@value #GLOBAL}.
 * Immutable and thread-safe; two rule bases in one JVM can each have their own.
 *
 * <pre>
 * global io.credence.plugin.drl.RuleModels models;
 *
 * rule "Score the application"
 *     salience 100
 * when
 *     $application : LoanApplication()
 *     not ModelScore( model == "credit-default" )
 * then
 *     insert( models.score( "credit-default", $application ) );
 * end
 * </pre>
 *
 * <p>In Java, the application that embeds Drools binds it per session:
 * {@code session.setGlobal(RuleModels.GLOBAL, RuleModels.of(registry))}. Use it in consequences
 * only: conditions are evaluated many times, and the model would run each time.
 */
public final class RuleModels {

    /** The field of an application that assigns it to a champion or challenger ({@link ModelRoute}). */
    public static final String APPLICATION_ID = "applicationId";

    /** The name of the DRL global. */
    public static final String GLOBAL = "models";

    /** No models: every score fails, naming that no registry is bound. */
    public static final RuleModels NONE = new RuleModels(null, ExplanationMethod.BASELINE_SHAPLEY);

    private final ModelRegistry registry;
    private final ExplanationMethod method;

    private RuleModels(ModelRegistry registry, ExplanationMethod method) {
        this.registry = registry;
        this.method = Objects.requireNonNull(method, "explanation method is required");
    }

    /** Scores with {@code registry}, explains with {@link ExplanationMethod#BASELINE_SHAPLEY}. */
    public static RuleModels of(ModelRegistry registry) {
        return new RuleModels(Objects.requireNonNull(registry, "model registry is required"), ExplanationMethod.BASELINE_SHAPLEY);
    }

    /** The same models explained with another method. */
    public RuleModels explainingWith(ExplanationMethod explanationMethod) {
        return new RuleModels(registry, explanationMethod);
    }

    /** The registry these rules score with; null for {@link #NONE}. */
    public ModelRegistry registry() {
        return registry;
    }

    public ExplanationMethod explanationMethod() {
        return method;
    }

    /** The names of the models this binding can score (empty for {@link #NONE}). */
    public List<String> names() {
        return registry == null ? List.of() : registry.names();
    }

    /**
     * Scores an application with the version of a model that decides it: the highest loaded, or under
     * the registry's routing the champion or challenger its {@value #APPLICATION_ID} is assigned to;
     * the routing's shadow versions score it too, into {@link ModelScore#shadowScores()} (never a
     * fact). Never throws into the rule engine: when the model cannot score, the returned fact has {@code scored == false} and a
     * {@code failure} text naming the reason.
     */
    public ModelScore score(String model, Object application) {
        if (registry == null) {
            return ModelScore.failed(application, model, null, "no model registry is bound to this rule base");
        }
        FeatureSource source = FeatureLookup.of(application);
        ModelRegistry.Assignment assignment;
        List<ModelSession> shadows;
        try {
            assignment = registry.assign(model, applicationId(source));
            shadows = registry.shadows(model);
        } catch (UnknownModelException e) {
            return ModelScore.failed(application, model, null, e.getMessage());
        }
        ModelScore decisive = score(application, source, assignment.session());
        if (assignment.role() == null) {
            return decisive;
        }
        List<ModelScore> shadowScores = new ArrayList<>(shadows.size());
        for (ModelSession shadow : shadows) {
            // A shadow never changes the decision: whatever it throws becomes its own failed score.
            ModelScore s;
            try {
                s = score(application, source, shadow);
            } catch (RuntimeException e) {
                s = ModelScore.failed(application, model, shadow.card().version(), "shadow scoring failed: " + e);
            }
            shadowScores.add(s.routed(ModelRole.SHADOW, List.of()));
        }
        return decisive.routed(assignment.role(), shadowScores);
    }

    private static ModelScore score(Object application, FeatureSource source, ModelSession session) {
        try {
            return ModelScore.of(application, session.score(source));
        } catch (InvalidFeatureException | ScoringException e) {
            return ModelScore.failed(application, session.card().name(), session.card().version(), e.getMessage());
        }
    }

    /** The application's {@value #APPLICATION_ID} (a map key, record component or getter), or null. */
    private static String applicationId(FeatureSource source) {
        Object id;
        try {
            id = source.feature(APPLICATION_ID);
        } catch (RuntimeException e) {
            return null;
        }
        return id == null || id == FeatureSource.ABSENT ? null : id.toString();
    }

    /**
     * Explains a score: which features raised or lowered the probability against the model
     * card's reference applicant (one batched ONNX Runtime call). Never throws into the rule
     * engine: a failure gives a fact with {@code explained == false}.
     */
    public ModelExplanation explain(ModelScore score) {
        if (!score.isScored()) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), "the application was not scored: " + score.getFailure());
        }
        if (registry == null || score.getVersion() == null) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), "no model registry is bound to this rule base");
        }
        ModelSession session;
        try {
            session = registry.version(score.getModel(), score.getVersion());
        } catch (UnknownModelException | IllegalArgumentException e) {
            // e.g. a score the caller gave (version "given" in a scenario): no model version to explain
            return ModelExplanation.failed(score.getSubject(), score.getModel(), e.getMessage());
        }
        long started = System.nanoTime();
        boolean explained = false;
        try {
            Explainer explainer = Explainers.of(session, method);
            FeatureSource raw = FeatureLookup.of(score.getSubject());
            ModelExplanation explanation = ModelExplanation.of(score.getSubject(), score.getEncoded() != null
                    ? explainer.explain(score.getEncoded(), raw)
                    : explainer.explain(raw));
            explained = true;
            return explanation;
        } catch (UnknownModelException | InvalidFeatureException | ScoringException | IllegalArgumentException e) {
            return ModelExplanation.failed(score.getSubject(), score.getModel(), e.getMessage());
        } finally {
            registry.events().explained(session.card(), method.name(), System.nanoTime() - started, explained);
        }
    }

    @Override
    public String toString() {
        return registry == null ? "RuleModels[none]" : "RuleModels" + registry.names();
    }
}
