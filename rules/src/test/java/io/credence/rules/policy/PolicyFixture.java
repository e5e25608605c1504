package io.credence.rules.policy;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A credit-default model whose probability is exactly {@code sigmoid(risk_signal)}, built in the
 * test and served through the registry, plus a clean baseline application every test varies.
 */
final class PolicyFixture {

    /** The KJAR's rules, no models bound; reason codes for the test model's features. */
    static final CreditDecisionEngine ENGINE = CreditDecisionEngine.fromClasspath().withReasonCodes(ReasonCodeTable.parse("""
            feature,direction,code,text
            risk_signal,+,RC99,Risk signal of the test model
            stability,+,RC98,Stability of the test applicant
            """, "test reason codes"));

    private PolicyFixture() {
    }

    static ModelRegistry serveCreditDefault(Path root) {
        // probability = sigmoid(risk_signal); the model ignores stability (weight 0)
        return serveCreditDefault(root, TestOnnxModels.logistic("features", new float[] {1f, 0f}, 0f, "probability", Map.of()));
    }

    /**
     * Serves {@code onnx} (input {@code features} [N, 2]: risk_signal, stability; output
     * {@code probability}) as credit-default 1.0.0 ({@link #engine} binds it to the rules).
     */
    static ModelRegistry serveCreditDefault(Path root, byte[] onnx) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0",
                List.of(FeatureSpec.numeric("risk_signal", 0, 1), FeatureSpec.numeric("stability", 0, 1)))
                        .withReference(Map.of("risk_signal", signalFor(0.10), "stability", 0.0)), onnx));
        return registry;
    }

    /** The KJAR's rules scoring with {@code registry}. */
    static CreditDecisionEngine engine(ModelRegistry registry) {
        return ENGINE.withModels(registry);
    }

    /** The model input that makes the model answer {@code p}. */
    static double signalFor(double p) {
        return Math.log(p / (1 - p));
    }

    /** A builder around a low-risk application that no rule objects to, decided by {@code engine}. */
    static Builder application(CreditDecisionEngine engine) {
        return new Builder(engine);
    }

    static final class Builder {
        final CreditDecisionEngine engine;
        String id = "APP-1";
        int age = 35;
        double income = 4000;
        double debts = 500;
        double amount = 12000;
        int term = 24;
        EmploymentStatus employment = EmploymentStatus.EMPLOYED;
        int delinquency = 0;
        Map<String, Object> inputs = new HashMap<>(Map.of("risk_signal", signalFor(0.10), "stability", 3.0));

        Builder(CreditDecisionEngine engine) {
            this.engine = engine;
        }

        Builder age(int v) { age = v; return this; }
        Builder income(double v) { income = v; return this; }
        Builder debts(double v) { debts = v; return this; }
        Builder amount(double v) { amount = v; return this; }
        Builder term(int v) { term = v; return this; }
        Builder employment(EmploymentStatus v) { employment = v; return this; }
        Builder delinquency(int v) { delinquency = v; return this; }
        Builder probability(double p) { inputs.put("risk_signal", signalFor(p)); return this; }
        Builder input(String name, Object value) { inputs.put(name, value); return this; }
        Builder without(String name) { inputs.remove(name); return this; }

        LoanApplication build() {
            return new LoanApplication(id, age, income, debts, amount, term, employment, delinquency, inputs);
        }

        DecisionResult decide() {
            return engine.decide(build());
        }

        /** Decides with a precomputed score instead of running the model (rules only). */
        DecisionResult decideWithScore(double p) {
            LoanApplication app = build();
            return engine.decide(app, List.of(ModelScore.precomputed(app, "credit-default", "1.0.0", "precomputed", p)));
        }
    }
}
