package io.credence.rules.decision;

import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.rulebase.Limit;
import io.credence.rules.rulebase.PolicyFiles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Runs the credit policy for one application at a time: a {@link RuleBase} (the compiled policy)
 * bound to the models its rules score with. Thread-safe: each decision gets its own session from
 * the rule base's pool, and runs wholly on the rule base it started with.
 *
 * <pre>{@code
 * CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath().withModels(registry);
 * DecisionResult result = engine.decide(application);
 * CreditDecisionEngine edited = CreditDecisionEngine.of(RuleBase.folder(Path.of("policy"))).withModels(registry);
 * }</pre>
 *
 * <p>The models reach the rules as the DRL global {@value RuleModels#GLOBAL}, bound per engine:
 * two engines in one JVM can score with different registries at the same time.
 */
public final class CreditDecisionEngine {

    /** The KieBase name in the KJAR's kmodule.xml. */
    public static final String KIE_BASE = RuleBase.KIE_BASE;
    /** Classpath folder of the policy files. */
    public static final String POLICY_FOLDER = PolicyFiles.CLASSPATH_FOLDER;
    /** Lists the files of the policy, one name per line; used for the rule-base digest. */
    public static final String POLICY_INDEX = PolicyFiles.CLASSPATH_INDEX;
    /** The reason-code table in the policy folder. */
    public static final String REASON_CODES = PolicyFiles.REASON_CODES;
    /** Where kie-maven-plugin lists the executable-model classes of this KJAR. */
    public static final String EXECUTABLE_MODEL_INDEX = RuleBase.EXECUTABLE_MODEL_INDEX;

    /** Most severe first, then by code: the same application always lists its reasons in the same order. */
    /** Scores by model name; a model's deciding score before its shadows (a stable sort keeps their route's order). */
    static final Comparator<ScoreSummary> SCORE_ORDER = Comparator.comparing(ScoreSummary::model)
            .thenComparing(ScoreSummary::shadow);
    static final Comparator<Reason> REASON_ORDER = Comparator.comparing(Reason::outcome).reversed().thenComparing(Reason::code);

    private final RuleBase rules;
    private final RuleModels models;
    private final ReasonCodeTable reasonCodes;
    private final Clock clock;

    private CreditDecisionEngine(RuleBase rules, RuleModels models, ReasonCodeTable reasonCodes, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rule base is required");
        this.models = Objects.requireNonNull(models, "models are required (RuleModels.NONE for none)");
        this.reasonCodes = reasonCodes;
        this.clock = clock;
    }

    /** A rule base with no models bound yet (every score fails until {@link #withModels} binds some). */
    public static CreditDecisionEngine of(RuleBase rules) {
        return new CreditDecisionEngine(rules, RuleModels.NONE, rules.reasonCodes(), Clock.systemUTC());
    }

    /** The policy KJAR on the classpath ({@link RuleBase#builtIn()}), no models bound yet. */
    public static CreditDecisionEngine fromClasspath() {
        return of(RuleBase.builtIn());
    }

    /**
     * A rule base built at run time from policy files (file name -> content: DRL files, decision
     * tables, {@value #REASON_CODES}), e.g. rules an analyst is editing, compiled to the executable
     * model like the KJAR. Compile errors are reported with file, line and message.
     *
     * @throws io.credence.rules.rulebase.PolicyException (an IllegalArgumentException) listing the problems
     */
    public static CreditDecisionEngine fromDrl(Map<String, String> files) {
        return of(RuleBase.compileOnly(PolicyFiles.of("runtime", files), "runtime"));
    }

    /** The same rules scoring with {@code registry}. */
    public CreditDecisionEngine withModels(ModelRegistry registry) {
        return withModels(RuleModels.of(registry));
    }

    /** The same rules scoring (and explaining) with {@code ruleModels}. */
    public CreditDecisionEngine withModels(RuleModels ruleModels) {
        return new CreditDecisionEngine(rules, ruleModels, reasonCodes, clock);
    }

    /** The same rules with another reason-code table (e.g. for a model with other features). */
    public CreditDecisionEngine withReasonCodes(ReasonCodeTable table) {
        return new CreditDecisionEngine(rules, models, table, clock);
    }

    public ReasonCodeTable reasonCodes() {
        return reasonCodes;
    }

    /** The files of the policy on the classpath (rule files and scenarios, scenarios as {@code scenarios/NAME}). */
    public static Map<String, String> classpathPolicy() {
        return PolicyFiles.classpath().rules();
    }

    /** Which rule base decides: recorded with every decision. */
    public RuleBaseVersion ruleBase() {
        return rules.version();
    }

    /** The compiled policy this engine decides with. */
    public RuleBase rules() {
        return rules;
    }

    /** The models this engine's rules score with. */
    public RuleModels models() {
        return models;
    }

    /** Decides an application; the scoring rule runs the model. */
    public DecisionResult decide(LoanApplication application) {
        return decide(application, List.of());
    }

    /**
     * Decides an application with scores computed elsewhere; the scoring rule does not run a
     * model whose score is already present.
     */
    public DecisionResult decide(LoanApplication application, List<ModelScore> precomputed) {
        RuleBase ruleBase = rules; // one rule base for the whole decision
        Decision decision = new Decision(application.getApplicationId());
        decision.setReasonCodes(reasonCodes);
        decision.setReasonTexts(ruleBase.texts());
        List<String> fired = new ArrayList<>();
        KieSession session = ruleBase.newSession();
        DefaultAgendaEventListener listener = new DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    decision.setCurrentRule(event.getMatch().getRule().getName());
                }

                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.add(event.getMatch().getRule().getName());
                    decision.setCurrentRule("");
                }
        };
        try {
            session.addEventListener(listener);
            if (ruleBase.declares(RuleModels.GLOBAL)) {
                session.setGlobal(RuleModels.GLOBAL, models);
            }
            session.insert(decision);
            session.insert(application);
            for (Limit limit : ruleBase.limits()) {
                session.insert(limit);
            }
            for (ModelScore score : precomputed) {
                session.insert(score);
            }
            session.fireAllRules();
            List<ScoreSummary> scores = new ArrayList<>();
            for (Object fact : session.getObjects(o -> o instanceof ModelScore)) {
                ModelScore score = (ModelScore) fact;
                scores.add(ScoreSummary.of(score));
                for (ModelScore shadow : score.shadowScores()) {
                    scores.add(ScoreSummary.of(shadow)); // recorded beside the deciding score, never a fact
                }
            }
            scores.sort(SCORE_ORDER);
            List<Reason> reasons = new ArrayList<>(decision.getReasons());
            reasons.sort(REASON_ORDER);
            return new DecisionResult(DecisionIds.next().toString(), application.getApplicationId(), decision.getOutcome(),
                    reasons, decision.principalReasons(reasons), decision.getAttributions(),
                    decision.getExplanation(), scores, decision.getCutOffs(), fired, ruleBase.version(), clock.instant());
        } finally {
            session.removeEventListener(listener);
            session.dispose(); // a pooled session is reset and returned to the pool
        }
    }
}
