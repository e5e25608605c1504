package io.credence.plugin.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.runtime.Score;
import io.credence.plugin.runtime.ScoringException;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    static final float[] WEIGHTS = {0.8f, -0.5f, 1.2f};
    static final float BIAS = -0.3f;
    static final List<FeatureSpec> FEATURES = List.of(
            FeatureSpec.numeric("age_years", 40, 10),
            FeatureSpec.numeric("credit_amount", 3000, 2000),
            FeatureSpec.numeric("duration_months", 24, 12));

    @TempDir
    Path root;

    private final ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));

    @AfterEach
    void close() {
        registry.close();
    }

    private Path writeLogistic(String version) {
        return ModelPackages.write(root, ModelPackages.card("credit-default", version, FEATURES),
                TestOnnxModels.logistic("features", WEIGHTS, BIAS, "probability", Map.of()));
    }

    private static double expected(double age, double amount, double duration) {
        double logit = WEIGHTS[0] * (age - 40) / 10 + WEIGHTS[1] * (amount - 3000) / 2000
                + WEIGHTS[2] * (duration - 24) / 12 + BIAS;
        return 1 / (1 + Math.exp(-logit));
    }

    @Test
    void scoresAnApplicationThroughTheCardEncodingAndOnnxRuntime() {
        registry.loadPackage(writeLogistic("1.0.0"));
        Score score = registry.score("credit-default",
                Map.of("age_years", 52, "credit_amount", 7000, "duration_months", 36));
        assertEquals(expected(52, 7000, 36), score.value(), 1e-6);
        assertEquals("1.0.0", score.version());
        assertEquals("CPUExecutionProvider", score.provider().name());
    }

    @Test
    void refusesAPackageWhoseOnnxFileDoesNotMatchTheCardHash() throws Exception {
        Path dir = writeLogistic("1.0.0");
        Files.write(dir.resolve("model.onnx"), TestOnnxModels.logistic("features", new float[] {1, 1, 1}, 0f, "probability", Map.of()));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
        assertTrue(ex.getMessage().startsWith(dir.resolve("model.onnx").toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("SHA-256 is"), ex.getMessage());
        assertTrue(registry.names().isEmpty());
    }

    @Test
    void refusesAPackageWhoseCardNamesAnotherInput() {
        Path dir = ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0", FEATURES),
                TestOnnxModels.logistic("x", WEIGHTS, BIAS, "probability", Map.of()));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
        assertTrue(ex.getMessage().contains("the card's input 'features' is not an input of model.onnx; the ONNX inputs are [x]"),
                ex.getMessage());
        assertTrue(ex.getMessage().contains(dir.resolve("model.onnx").toString()), ex.getMessage());
    }

    @Test
    void refusesAPackageWhoseFeatureCountDiffersFromTheGraph() {
        Path dir = ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0", FEATURES.subList(0, 2)),
                TestOnnxModels.logistic("features", WEIGHTS, BIAS, "probability", Map.of()));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
        assertTrue(ex.getMessage().contains("has shape [-1, 3] but the card describes [batch, 2 encoded columns"), ex.getMessage());
    }

    @Test
    void refusesAPackageWhoseOutputNameIsWrong() {
        Path dir = ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0", FEATURES),
                TestOnnxModels.logistic("features", WEIGHTS, BIAS, "score", Map.of()));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
        assertTrue(ex.getMessage().contains("the card's output 'probability' is not an output of model.onnx"), ex.getMessage());
    }

    @Test
    void refusesAPackageWhoseOnnxMetadataNamesAnotherVersion() {
        Path dir = ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0", FEATURES),
                TestOnnxModels.logistic("features", WEIGHTS, BIAS, "probability", Map.of(ModelSession.META_VERSION, "0.9.0")));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
        assertTrue(ex.getMessage().contains("metadata credence.model.version is '0.9.0' but the card says '1.0.0'"), ex.getMessage());
    }

    @Test
    void refusesAPackageInTheWrongDirectory() throws Exception {
        Path dir = writeLogistic("1.0.0");
        Path moved = Files.move(dir, dir.resolveSibling("2.0.0"));
        ModelPackageException ex = assertThrows(ModelPackageException.class, () -> registry.loadPackage(moved));
        assertTrue(ex.getMessage().contains("expected .../credit-default/1.0.0"), ex.getMessage());
    }

    @Test
    void aRefusedNewVersionLeavesTheServingVersionInPlace() throws Exception {
        registry.loadPackage(writeLogistic("1.0.0"));
        Path bad = writeLogistic("1.1.0");
        Files.write(bad.resolve("model.onnx"), new byte[] {1, 2, 3});
        assertThrows(ModelPackageException.class, () -> registry.loadPackage(bad));
        ModelSession serving = registry.active("credit-default");
        assertEquals("1.0.0", serving.card().version());
        assertTrue(serving.isOpen());
        assertEquals(expected(40, 3000, 24),
                registry.score("credit-default", Map.of("age_years", 40, "credit_amount", 3000, "duration_months", 24)).value(), 1e-6);
    }

    @Test
    void theHighestLoadedVersionServesAndOlderOnesStayAddressable() {
        registry.loadPackage(writeLogistic("1.10.0"));
        registry.loadPackage(writeLogistic("1.9.0"));
        assertEquals("1.10.0", registry.active("credit-default").card().version());
        assertEquals("1.9.0", registry.version("credit-default", "1.9.0").card().version());
    }

    @Test
    void loadDirectoryReportsRefusedPackagesAndLoadsTheRest() throws Exception {
        writeLogistic("1.0.0");
        Path bad = writeLogistic("2.0.0");
        Files.writeString(bad.resolve("model-card.json"), "{ not json");
        ModelRegistry.LoadReport report = registry.loadDirectory(root);
        assertEquals(1, report.loaded().size());
        assertEquals(1, report.refused().size());
        assertTrue(report.refused().get(0).getMessage().contains("2.0.0" + java.io.File.separator + "model-card.json"),
                report.refused().get(0).getMessage());
        assertEquals("1.0.0", registry.active("credit-default").card().version());
    }

    @Test
    void unloadingAVersionClosesItsSessionAndFallsBackToTheNextHighest() {
        registry.loadPackage(writeLogistic("1.0.0"));
        ModelSession v2 = registry.loadPackage(writeLogistic("2.0.0"));
        var row = v2.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(
                Map.of("age_years", 30, "credit_amount", 1000, "duration_months", 12)));
        assertEquals(expected(30, 1000, 12), v2.score(row).value(), 1e-6);
        registry.unload("credit-default", "2.0.0");
        assertFalse(v2.isOpen());
        ScoringException closed = assertThrows(ScoringException.class, () -> v2.score(row));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertEquals("1.0.0", registry.active("credit-default").card().version());
        assertThrows(UnknownModelException.class, () -> registry.version("credit-default", "2.0.0"));
    }

    @Test
    void anUnknownModelNameIsAClearError() {
        UnknownModelException ex = assertThrows(UnknownModelException.class, () -> registry.score("nope", Map.of()));
        assertTrue(ex.getMessage().contains("no model named 'nope'"), ex.getMessage());
    }

    @Test
    void aMissingFeatureIsRejectedNotScored() {
        registry.loadPackage(writeLogistic("1.0.0"));
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> registry.score("credit-default", Map.of("age_years", 30, "credit_amount", 1000)));
        assertEquals("duration_months", ex.violations().get(0).feature());
    }

    @Test
    void concurrentCallersGetTheSameScoresAsASingleCaller() throws Exception {
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp", "1.0.0", FEATURES),
                TestOnnxModels.mlp("features", 3, 16, 7L, "probability", Map.of())));
        List<Map<String, Object>> apps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            apps.add(Map.of("age_years", 20 + i % 50, "credit_amount", 500 + 37 * i, "duration_months", 6 + i % 48));
        }
        ModelSession session = registry.active("mlp");
        // one ONNX Runtime call for all rows (tensors made per call), against pooled one-row slots below
        double[] sequential = session.scoreBatch(apps.stream()
                .map(a -> session.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(a))).toList());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (Map<String, Object> a : apps) {
                futures.add(pool.submit(() -> registry.score("mlp", a).value()));
            }
            for (int i = 0; i < apps.size(); i++) {
                assertEquals(sequential[i], futures.get(i).get(), 1e-6, "row " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void microBatchedConcurrentCallersGetTheSameScoresAsOneByOne() throws Exception {
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp", "1.0.0", FEATURES),
                TestOnnxModels.mlp("features", 3, 16, 7L, "probability", Map.of())));
        List<Map<String, Object>> apps = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            apps.add(Map.of("age_years", 20 + i % 50, "credit_amount", 500 + 37 * i, "duration_months", 6 + i % 48));
        }
        double[] sequential = apps.stream().mapToDouble(a -> registry.score("mlp", a).value()).toArray();
        registry.microBatching(16);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (Map<String, Object> a : apps) {
                futures.add(pool.submit(() -> registry.score("mlp", a).value()));
            }
            for (int i = 0; i < apps.size(); i++) {
                assertEquals(sequential[i], futures.get(i).get(), 1e-6, "row " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(sequential[0], registry.score("mlp", apps.get(0)).value(), 1e-6, "a lone caller is served too");
    }

    @Test
    void everyMicroBatchIsReportedWithItsRowsAndTheRowsAddUpToTheScores() throws Exception {
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp", "1.0.0", FEATURES),
                TestOnnxModels.mlp("features", 3, 16, 7L, "probability", Map.of())));
        java.util.concurrent.ConcurrentLinkedQueue<Integer> batches = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.Set<String> models = java.util.concurrent.ConcurrentHashMap.newKeySet();
        registry.events(new io.credence.plugin.runtime.ModelEvents() {
            @Override
            public void batchScored(io.credence.plugin.card.ModelCard card, int rows) {
                models.add(card.id());
                batches.add(rows);
            }
        });
        Map<String, Object> app = Map.of("age_years", 30, "credit_amount", 1000, "duration_months", 12);
        registry.score("mlp", app);
        assertTrue(batches.isEmpty(), "micro-batching off: nothing is reported");
        registry.microBatching(8);
        int scores = 800;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = 0; i < scores; i++) {
                futures.add(pool.submit(() -> registry.score("mlp", app).value()));
            }
            for (Future<Double> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(scores, batches.stream().mapToInt(Integer::intValue).sum(), "every scored row is in one reported call");
        assertTrue(batches.stream().allMatch(rows -> rows >= 1 && rows <= 8), batches.toString());
        assertEquals(java.util.Set.of("mlp@1.0.0"), models);
    }

    @Test
    void microBatchedCallersOfAClosedSessionAllGetTheErrorAndNoneHangs() throws Exception {
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("mlp", "1.0.0", FEATURES),
                TestOnnxModels.mlp("features", 3, 16, 7L, "probability", Map.of())));
        registry.microBatching(16);
        ModelSession session = registry.active("mlp");
        var row = session.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(
                Map.of("age_years", 30, "credit_amount", 1000, "duration_months", 12)));
        registry.unload("mlp", "1.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        session.score(row);
                        return "scored";
                    } catch (ScoringException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (Future<String> f : futures) {
                String outcome = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(outcome.contains("closed"), outcome);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelWhoseOutputHasNoClassDimensionScoresAloneInBatchesAndMicroBatched() throws Exception {
        ModelSession session = registry.loadPackage(ModelPackages.write(root, ModelPackages.card("flat", "1.0.0", FEATURES),
                TestOnnxModels.logisticRank1("features", WEIGHTS, BIAS, "probability")));
        Map<String, Object> app = Map.of("age_years", 30, "credit_amount", 1000, "duration_months", 12);
        var row = session.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(app));
        assertEquals(expected(30, 1000, 12), session.score(row).value(), 1e-6);
        assertEquals(expected(30, 1000, 12), session.scoreBatch(List.of(row, row))[1], 1e-6);
        registry.microBatching(8);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                futures.add(pool.submit(() -> session.score(row).value()));
            }
            for (Future<Double> f : futures) {
                assertEquals(expected(30, 1000, 12), f.get(), 1e-6);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchScoringMatchesOneByOne() {
        ModelSession session = registry.loadPackage(writeLogistic("1.0.0"));
        var rows = List.of(
                session.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(Map.of("age_years", 30, "credit_amount", 1000, "duration_months", 12))),
                session.encoder().encode(io.credence.plugin.encode.FeatureLookup.of(Map.of("age_years", 60, "credit_amount", 9000, "duration_months", 48))));
        double[] batch = session.scoreBatch(rows);
        assertEquals(session.score(rows.get(0)).value(), batch[0], 1e-7);
        assertEquals(session.score(rows.get(1)).value(), batch[1], 1e-7);
    }

    @Test
    void loadsPackagesListedInTheClasspathIndex() throws Exception {
        Path jarRoot = root.resolve("kjar");
        ModelPackages.write(jarRoot.resolve("models"), ModelPackages.card("classpath-demo", "0.1.0",
                List.of(FeatureSpec.numeric("x", 0, 1))), TestOnnxModels.logistic("features", new float[] {2f}, 0f, "probability", Map.of()));
        Files.createDirectories(jarRoot.resolve("META-INF/credence"));
        Files.writeString(jarRoot.resolve(ModelRegistry.CLASSPATH_INDEX), "# packages in this jar\nmodels/classpath-demo/0.1.0\n");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jarRoot.toUri().toURL()}, null)) {
            ModelRegistry.LoadReport report = registry.loadClasspath(loader);
            assertEquals(1, report.loaded().size(), () -> report.refused().toString());
        }
        ModelCard card = registry.active("classpath-demo").card();
        assertEquals("0.1.0", card.version());
        assertEquals(0.5, registry.score("classpath-demo", Map.of("x", 0)).value(), 1e-6);
        assertEquals(1 / (1 + Math.exp(-2.0)), registry.score("classpath-demo", Map.of("x", 1)).value(), 1e-6);
    }
}
