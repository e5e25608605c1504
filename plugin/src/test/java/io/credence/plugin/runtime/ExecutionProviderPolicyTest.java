package io.credence.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtProvider;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelPackageException;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionProviderPolicyTest {

    @TempDir
    Path root;

    @Test
    void parsesTheThreePolicies() {
        assertEquals(ExecutionProviderPolicy.AUTO, ExecutionProviderPolicy.parse("AUTO"));
        assertEquals(ExecutionProviderPolicy.CPU, ExecutionProviderPolicy.parse("cpu"));
        assertEquals(new ExecutionProviderPolicy(ExecutionProviderPolicy.Mode.CUDA, 0), ExecutionProviderPolicy.parse("cuda"));
        assertEquals(new ExecutionProviderPolicy(ExecutionProviderPolicy.Mode.CUDA, 2), ExecutionProviderPolicy.parse("cuda:2"));
    }

    @Test
    void refusesUnknownPoliciesNamingTheAcceptedForms() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ExecutionProviderPolicy.parse("gpu"));
        assertTrue(ex.getMessage().contains("expected one of auto, cpu, cuda, cuda:<device id>"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecutionProviderPolicy.parse("cuda:x"));
        assertThrows(IllegalArgumentException.class, () -> ExecutionProviderPolicy.parse("cuda:-1"));
    }

    private Path model() {
        return ModelPackages.write(root, ModelPackages.card("m", "1.0.0", List.of(FeatureSpec.numeric("x", 0, 1))),
                TestOnnxModels.logistic("features", new float[] {1f}, 0f, "probability", Map.of()));
    }

    @Test
    void cudaFailsLoudlyWhereCudaCannotLoad() {
        assumeFalse(OnnxRuntimeHost.availableProviders().contains(OrtProvider.CUDA), "this build has CUDA");
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.parse("cuda")))) {
            ExecutionProviderUnavailableException ex = assertThrows(ExecutionProviderUnavailableException.class,
                    () -> registry.loadPackage(model()));
            assertTrue(ex.getMessage().contains("execution provider 'cuda:0' was required but cannot be used"), ex.getMessage());
            assertTrue(ex.getMessage().contains("no CUDA provider"), ex.getMessage());
            assertTrue(registry.names().isEmpty());
        }
    }

    @Test
    void autoFallsBackToCpuAndReportsIt() {
        assumeFalse(OnnxRuntimeHost.availableProviders().contains(OrtProvider.CUDA), "this build has CUDA");
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.AUTO))) {
            registry.loadPackage(model());
            Score score = registry.score("m", Map.of("x", 0.0));
            assertEquals("CPUExecutionProvider", score.provider().name());
            assertTrue(score.provider().note().startsWith("auto: CUDA unavailable"), score.provider().note());
            assertEquals(0.5, score.value(), 1e-7);
        }
    }

    @Test
    void cudaIsUsedAndReportedWhereAvailable() {
        assumeTrue(OnnxRuntimeHost.availableProviders().contains(OrtProvider.CUDA), "needs the -Pgpu build on a CUDA host");
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.parse("cuda:0")))) {
            registry.loadPackage(model());
            assertEquals("CUDAExecutionProvider:0", registry.score("m", Map.of("x", 0.0)).provider().label());
        } catch (ExecutionProviderUnavailableException | ModelPackageException e) {
            throw new AssertionError("CUDA build present but CUDA could not load: " + e.getMessage(), e);
        }
    }
}
