package io.credence.bench;

import io.credence.plugin.explain.Explainer;
import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The behaviour model's explanation against a whole decision of an applicant with a repayment
 * history (both bundled models score it), single thread: issue 13's cost target for the second
 * model. The late payer is {@code docs/examples/history.json}; the approved applicant is the same
 * with six clean months.
 *
 * <pre>
 * java -jar integration-tests/target/benchmarks.jar -wi 8 -w 2s -i 5 -r 2s -f 2 BehaviourBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BehaviourBenchmark {

    private static final String APPLICANT = """
            "applicationId": "BENCH-HISTORY-1", "applicantAge": 42, "monthlyIncome": 4200, "monthlyDebtPayments": 300,
            "requestedAmount": 2500, "termMonths": 12, "employmentStatus": "EMPLOYED", "worstDelinquencyMonths": 0,
            "modelInputs": {"checkingAccount": "NONE", "creditHistory": "CRITICAL_ACCOUNT", "purpose": "RADIO_TV",
              "savings": "OVER_1000", "employmentLength": "FROM_4_TO_7_YEARS", "installmentRatePct": 2,
              "otherDebtors": "NONE", "residenceYears": 4, "property": "REAL_ESTATE", "otherInstallmentPlans": "NONE",
              "housing": "OWN", "existingCredits": 1, "job": "SKILLED", "dependents": 1, "telephone": "REGISTERED",
              "creditLimit": 50000},
            """;
    static final String LATE_PAYER = "{" + APPLICANT + """
            "repaymentHistory": [
              {"status": 0, "billAmount": 40000, "paymentAmount": 2000}, {"status": 0, "billAmount": 41000, "paymentAmount": 1500},
              {"status": 2, "billAmount": 43000, "paymentAmount": 0}, {"status": 2, "billAmount": 44000, "paymentAmount": 0},
              {"status": 3, "billAmount": 45000, "paymentAmount": 0}, {"status": 3, "billAmount": 46000, "paymentAmount": 0}]}
            """;
    static final String CLEAN_PAYER = "{" + APPLICANT + """
            "repaymentHistory": [
              {"status": -1, "billAmount": 4000, "paymentAmount": 4000}, {"status": -1, "billAmount": 4100, "paymentAmount": 4100},
              {"status": -1, "billAmount": 4300, "paymentAmount": 4300}, {"status": -1, "billAmount": 4400, "paymentAmount": 4400},
              {"status": -1, "billAmount": 4500, "paymentAmount": 4500}, {"status": -1, "billAmount": 4600, "paymentAmount": 4600}]}
            """;

    private ModelRegistry registry;
    private CreditDecisionEngine engine;
    private Explainer explainer;
    private LoanApplication latePayer;
    private LoanApplication cleanPayer;

    @Setup(Level.Trial)
    public void setUp() {
        registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        ModelRegistry.LoadReport report = registry.loadClasspath(BehaviourBenchmark.class.getClassLoader());
        if (report.loaded().size() < 2) {
            throw new IllegalStateException("the bundled models are not both on the classpath: " + report.refused());
        }
        engine = CreditDecisionEngine.fromClasspath().withModels(registry);
        explainer = new Explainer(registry.active("behaviour-default"), ExplanationMethod.BASELINE_SHAPLEY);
        ApplicationReader reader = new ApplicationReader(ApplicationSchema.load());
        latePayer = reader.read(LATE_PAYER);
        cleanPayer = reader.read(CLEAN_PAYER);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    /** A whole decision of an applicant with a clean history: both models score, nothing is explained. */
    @Benchmark
    public DecisionResult historyDecisionClean() {
        return engine.decide(cleanPayer);
    }

    /** A whole decision of the late payer, its explanations included when a model band declines or refers. */
    @Benchmark
    public DecisionResult historyDecisionLate() {
        return engine.decide(latePayer);
    }

    /** The behaviour model's explanation of the late payer (default explainer), the score included. */
    @Benchmark
    public Explanation behaviourExplain() {
        return explainer.explain(latePayer);
    }
}
