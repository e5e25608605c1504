package io.credence.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
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
 * One credit decision, single thread, on the bundled credit-default model and the KJAR's policy:
 * the plugin's DRL idiom versus the same rules with the score precomputed, a raw ONNX Runtime
 * call, and "call ONNX Runtime, then Drools" as teams do without a plugin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    private static final String MODEL = "credit-default";

    private ModelRegistry registry;
    private CreditDecisionEngine engine;
    private LoanApplication application;
    private LoanApplication declined;
    private FeatureEncoder encoder;
    private ModelSession session;
    private OrtEnvironment environment;
    private OrtSession rawSession;
    private String rawInput;
    private float[] encoded;
    private long[] shape;
    private FloatBuffer direct;
    private ModelScore precomputed;
    private String version;

    @Setup(Level.Trial)
    public void setUp() throws OrtException, IOException {
        registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        ModelRegistry.LoadReport report = registry.loadClasspath(DecisionBenchmark.class.getClassLoader());
        if (report.loaded().isEmpty()) {
            throw new IllegalStateException("no bundled model on the classpath: " + report.refused());
        }
        engine = CreditDecisionEngine.fromClasspath().withModels(registry);
        application = BenchApplications.approved();
        declined = BenchApplications.declined();
        session = registry.active(MODEL);
        encoder = session.encoder();
        encoded = encoder.encode(application).values().get(0);
        shape = new long[] {1, encoded.length};
        direct = ByteBuffer.allocateDirect(encoded.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        rawInput = session.card().inputs().get(0).name();
        version = session.card().version();

        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             InputStream in = DecisionBenchmark.class.getClassLoader().getResourceAsStream(
                     "models/" + MODEL + "/" + session.card().version() + "/model.onnx")) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            rawSession = environment.createSession(in.readAllBytes(), options);
        }
        precomputed = ModelScore.precomputed(application, MODEL, session.card().version(), "precomputed", rawScore(encoded));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        rawSession.close();
        registry.close();
    }

    /**
     * The way the ONNX Runtime Java documentation recommends for speed: the row goes into a direct
     * FloatBuffer (allocated once), which the tensor wraps without a copy.
     */
    private float rawScore(float[] row) throws OrtException {
        direct.clear();
        direct.put(row).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, direct, shape);
             OrtSession.Result result = rawSession.run(Map.of(rawInput, tensor))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    /** The raw ONNX Runtime call on an already encoded row (direct FloatBuffer input). */
    @Benchmark
    public float ortOnly() throws OrtException {
        return rawScore(encoded);
    }

    /** The policy rules with the score already on a fact: no model call. */
    @Benchmark
    public DecisionResult rulesOnly() {
        return engine.decide(application, List.of(precomputed));
    }

    /** Encode, call ONNX Runtime, then run the rules with the score: what teams do without a plugin. */
    @Benchmark
    public DecisionResult ortThenDrools() throws OrtException {
        float p = rawScore(encoder.encode(application).values().get(0));
        return engine.decide(application, List.of(ModelScore.precomputed(application, MODEL, version, "raw", p)));
    }

    /** The plugin's idiom: the scoring rule runs the model once and policy rules match on the score. */
    @Benchmark
    public DecisionResult pluginDecision() {
        return engine.decide(application);
    }

    /**
     * The plugin's idiom on an application the model declines: scoring, the decline rule, and the
     * model's explanation (occlusion) turned into principal reasons.
     */
    @Benchmark
    public DecisionResult pluginDecisionDeclined() {
        return engine.decide(declined);
    }
}
