package io.credence.rules.service;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A credit-default model whose probability is exactly {@code sigmoid(risk_signal)} (as in the
 * policy tests), served through the registry, and valid application JSON around it.
 */
public final class ServiceFixture {

    /** The KJAR's rules, no models bound. */
    public static final CreditDecisionEngine ENGINE = CreditDecisionEngine.fromClasspath();
    public static final ApplicationReader READER = new ApplicationReader(ApplicationSchema.load());

    private ServiceFixture() {
    }

    /**
     * Writes the test model package {@code credit-default} 1.0.0 under {@code root}: a logistic
     * model of one input {@code risk_signal} ({@link #signalFor} gives the input for a probability).
     */
    public static Path writeCreditDefault(Path root) {
        return ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0",
                List.of(FeatureSpec.numeric("risk_signal", 0, 1))),
                TestOnnxModels.logistic("features", new float[] {1f}, 0f, "probability", Map.of()));
    }

    /** Writes the test model under {@code root} and serves it from a registry of its own. */
    public static ModelRegistry serveCreditDefault(Path root) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registry.loadPackage(writeCreditDefault(root));
        return registry;
    }

    public static void stopServing(ModelRegistry registry) {
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * Settings of a service on loopback {@code port} with a JDBC audit store (an H2 file under
     * {@code dir}) on the CPU; a test adds what it is about.
     */
    public static java.util.Map<String, String> loopbackSettings(int port, Path dir) {
        java.util.Map<String, String> s = new java.util.HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.execution-provider", "cpu");
        return s;
    }

    /** A decision service on {@code audit} whose rules score with the test model ({@link Scoring}). */
    public static DecisionService service(AuditLog audit) {
        return new DecisionService(Scoring.ENGINE, READER, audit);
    }

    /** The KJAR's rules bound to one test-model registry for the whole test run, made on first use. */
    static final class Scoring {
        static final ModelRegistry REGISTRY = serveCreditDefault(temporaryFolder());
        static final CreditDecisionEngine ENGINE = ServiceFixture.ENGINE.withModels(REGISTRY);

        private static Path temporaryFolder() {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("credence-test-model");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The model input that makes the model answer {@code p}. */
    public static double signalFor(double p) {
        return Math.log(p / (1 - p));
    }

    /** A clean application the model scores at {@code p}. */
    public static String application(String id, double p) {
        return application(id, p, 0);
    }

    /** A clean application the model scores at {@code p}, with a recent delinquency. */
    public static String application(String id, double p, int delinquencyMonths) {
        return String.format(Locale.ROOT, """
                {"applicationId": "%s", "applicantAge": 35, "monthlyIncome": 4000, "monthlyDebtPayments": 500,
                 "requestedAmount": 12000, "termMonths": 24, "employmentStatus": "EMPLOYED",
                 "worstDelinquencyMonths": %d, "modelInputs": {"risk_signal": %.6f}}""", id, delinquencyMonths, signalFor(p));
    }

    /** The same application on one line (JSONL). */
    public static String line(String id, double p) {
        return application(id, p).replace('\n', ' ');
    }
}
