package io.credence.bench;

import io.credence.plugin.runtime.Score;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * 64 concurrent callers on 2 cores: one ONNX Runtime call per request versus the plugin's
 * caller-run micro-batching, for scoring alone and for whole decisions. Sample-time mode gives
 * the latency percentiles; throughput = 64 / mean latency.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(64)
public class ConcurrentBenchmark {

    /** Micro-batching off: every request is its own ONNX Runtime call. */
    @State(Scope.Benchmark)
    public static class PerCall {
        BundledModel model;
        CreditDecisionEngine engine;
        LoanApplication application;

        @Setup(Level.Trial)
        public void setUp() {
            model = new BundledModel(1);
            engine = CreditDecisionEngine.fromClasspath().withModels(model.registry);
            application = BenchApplications.approved();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
        }
    }

    /** Micro-batching on, at most 64 rows per call. */
    @State(Scope.Benchmark)
    public static class Batched {
        BundledModel model;
        CreditDecisionEngine engine;
        LoanApplication application;

        @Setup(Level.Trial)
        public void setUp() {
            model = new BundledModel(64);
            engine = CreditDecisionEngine.fromClasspath().withModels(model.registry);
            application = BenchApplications.approved();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
        }
    }

    @Benchmark
    public Score perCallConcurrent64(PerCall state) {
        return state.model.session.score(state.model.encoded);
    }

    @Benchmark
    public Score pluginScoreConcurrent64(Batched state) {
        return state.model.session.score(state.model.encoded);
    }

    /** Micro-batching on, one caller alone: the lone-caller path must cost no more than a plain call. */
    @Benchmark
    @Threads(1)
    public Score pluginScoreSingleCaller(Batched state) {
        return state.model.session.score(state.model.encoded);
    }

    /** Micro-batching off, one caller: the reference for {@link #pluginScoreSingleCaller}. */
    @Benchmark
    @Threads(1)
    public Score perCallSingleCaller(PerCall state) {
        return state.model.session.score(state.model.encoded);
    }

    /** Whole decisions, micro-batching off: the reference for {@link #pluginDecisionConcurrent64}. */
    @Benchmark
    public DecisionResult perCallDecisionConcurrent64(PerCall state) {
        return state.engine.decide(state.application);
    }

    @Benchmark
    public DecisionResult pluginDecisionConcurrent64(Batched state) {
        return state.engine.decide(state.application);
    }
}
