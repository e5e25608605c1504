package io.credence.bench;

import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.explain.Explainer;
import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.runtime.Score;
import io.credence.rules.application.LoanApplication;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The cost of explaining a score (one batched ONNX Runtime call) relative to scoring alone, single thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExplainBenchmark {

    @Param({"OCCLUSION", "SHAPLEY_SAMPLING", "BASELINE_SHAPLEY"})
    public ExplanationMethod method;

    /**
     * Features of the declined applicant that differ from the reference applicant, 6 to 14 (see
     * {@link BenchApplications#declinedDiffering}): 6 is the applicant as the decision
     * benchmarks use it; baseline Shapley computes 2^d rows exactly up to {@code exactMax}.
     */
    @Param({"6", "7", "8", "9", "10", "11", "14"})
    public int differing;

    /**
     * Baseline Shapley's exact limit k ({@code -1}: the plugin's {@link Explainer#EXACT_MAX_FEATURES});
     * {@code -p exactMax=0} measures the estimate at every {@code differing}, {@code -p exactMax=10}
     * exact values up to 10.
     */
    @Param({"-1"})
    public int exactMax;

    /** The estimate's row budget when {@code exactMax} is set; -1: 2^exactMax (the 4-argument constructor). */
    @Param({"-1"})
    public int estimateRows;

    private BundledModel model;
    private Explainer explainer;
    private LoanApplication application;

    @Setup(Level.Trial)
    public void setUp() {
        model = new BundledModel(1);
        explainer = exactMax < 0 ? new Explainer(model.session, method)
                : estimateRows < 0 ? new Explainer(model.session, method, exactMax, Explainer.SAMPLED_PAIRS)
                : new Explainer(model.session, method, exactMax, Explainer.SAMPLED_PAIRS, estimateRows);
        application = BenchApplications.declinedDiffering(differing);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    /** Encode and score one application. */
    @Benchmark
    public Score pluginScore() {
        EncodedApplication encoded = model.session.encoder().encode(application);
        return model.session.score(encoded);
    }

    /** Encode and explain one application (the explanation includes the score). */
    @Benchmark
    public Explanation pluginExplain() {
        return explainer.explain(application);
    }
}
