package io.credence.bench;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.drift.DriftMonitor;
import io.credence.rules.drift.DriftSettings;
import io.credence.rules.drift.MonitorSnapshot;
import java.time.Clock;
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
 * What the drift monitor adds to a decision: {@link DriftMonitor#observe} of one decided
 * application (its outcome counted per minute, its score added to the sliding window of the
 * bundled model's version, whose card carries training distributions), on one thread and on two
 * (the cores of the target machine, contending for the same window); and a {@link
 * DriftMonitor#snapshot} (the PSI of every variable over a full window), which runs per metrics
 * scrape or monitoring page, not per decision. Compare with {@code DecisionBenchmark.pluginDecision}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DriftBenchmark {

    private ModelRegistry registry;
    private DriftMonitor drift;
    private DecisionResult approved;
    private DecisionResult declined;

    @Setup(Level.Trial)
    public void setUp() {
        registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        ModelRegistry.LoadReport report = registry.loadClasspath(DriftBenchmark.class.getClassLoader());
        if (report.loaded().isEmpty()) {
            throw new IllegalStateException("no bundled model on the classpath: " + report.refused());
        }
        drift = new DriftMonitor((name, version) -> registry.version(name, version).card(), DriftSettings.DEFAULT,
                Clock.systemUTC());
        registry.cards().forEach(card -> {
            if (drift.track(card).isEmpty()) {
                throw new IllegalStateException(card.id() + " has no training distributions: nothing would be measured");
            }
        });
        CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath().withModels(registry);
        LoanApplication a = BenchApplications.approved();
        approved = engine.decide(a);
        declined = engine.decide(BenchApplications.declined());
        for (int i = 0; i < DriftSettings.DEFAULT.window() * 2; i++) {
            drift.observe(i % 3 == 0 ? declined : approved); // a full window before measuring
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    /** One decided application observed, one thread. */
    @Benchmark
    public DriftMonitor observe() {
        drift.observe(approved);
        return drift;
    }

    /** The same from two threads at once, on the same window. */
    @Benchmark
    @Threads(2)
    public DriftMonitor observeTwoThreads() {
        drift.observe(approved);
        return drift;
    }

    /** PSI of the score and every feature over the current window (per scrape or page view). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public MonitorSnapshot snapshot() {
        return drift.snapshot();
    }
}
