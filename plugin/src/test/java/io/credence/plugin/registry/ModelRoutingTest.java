package io.credence.plugin.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRoutingTest {

    static final List<FeatureSpec> FEATURES = ModelRegistryTest.FEATURES;
    static final Map<String, Object> APPLICANT = Map.of("age_years", 52, "credit_amount", 7000, "duration_months", 36);

    @TempDir
    Path root;

    private final ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));

    @AfterEach
    void close() {
        registry.close();
    }

    /** A version that answers {@code value} for everyone: the score names the version that computed it. */
    private void load(String version, float value) {
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("credit-default", version, FEATURES),
                TestOnnxModels.constant("features", FEATURES.size(), value, "probability")));
    }

    private static ModelRouting parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ModelRouting.parse(p, "models.properties");
    }

    private static Map<String, Object> application(String id) {
        Map<String, Object> a = new HashMap<>(APPLICANT);
        a.put("applicationId", id);
        return a;
    }

    @Test
    void theChallengersShareOfTenThousandApplicationsIsWithinTwoPointsAndStablePerApplicationId() {
        for (double share : new double[] {0.05, 0.10, 0.25, 0.50}) {
            ModelRoute route = new ModelRoute("credit-default", "1.0.0", "1.1.0", share, List.of());
            int challenged = 0;
            for (int i = 0; i < 10_000; i++) {
                String id = "APP-2026-" + i;
                ModelRole role = route.assign(id);
                if (role == ModelRole.CHALLENGER) {
                    challenged++;
                }
                assertEquals(role, route.assign(id), "a re-decision of " + id + " gets the same version");
                assertEquals(role, new ModelRoute("credit-default", "1.0.0", "1.1.0", share, List.of("2.0.0")).assign(id),
                        "the assignment depends on the id and the share only");
            }
            assertEquals(share, challenged / 10_000.0, 0.02, "challenger share " + share);
        }
    }

    @Test
    void raisingTheShareKeepsEveryApplicationThatHadTheChallengerOnIt() {
        ModelRoute ten = new ModelRoute("credit-default", "1.0.0", "1.1.0", 0.10, List.of());
        ModelRoute twenty = new ModelRoute("credit-default", "1.0.0", "1.1.0", 0.20, List.of());
        int kept = 0;
        for (int i = 0; i < 5_000; i++) {
            String id = "A" + i;
            if (ten.assign(id) == ModelRole.CHALLENGER) {
                assertEquals(ModelRole.CHALLENGER, twenty.assign(id), id);
                kept++;
            }
        }
        assertTrue(kept > 350, "about 500 of 5,000 had the challenger at 10 %, was " + kept);
        assertEquals(ModelRole.CHAMPION, ten.assign(null), "an application without an id gets the champion");
    }

    @Test
    void theRoutedVersionsDecideAndTheShadowScoresBesideThemOutsideTheFact() {
        load("1.0.0", 0.10f);
        load("1.1.0", 0.20f);
        load("1.2.0", 0.30f);
        load("9.9.9", 0.99f); // loaded but not named: serves nothing
        registry.routing(parse("""
                credit-default.champion = 1.0.0
                credit-default.challenger = 1.1.0
                credit-default.challenger.share = 0.5
                credit-default.shadow = 1.2.0
                """));
        RuleModels models = RuleModels.of(registry);
        int champion = 0;
        int challenger = 0;
        for (int i = 0; i < 400; i++) {
            String id = "APP-" + i;
            ModelScore score = models.score("credit-default", application(id));
            ModelRole expected = registry.routing().route("credit-default").orElseThrow().assign(id);
            assertEquals(expected, score.getRole(), id);
            assertEquals(expected == ModelRole.CHAMPION ? "1.0.0" : "1.1.0", score.getVersion(), id);
            assertEquals(expected == ModelRole.CHAMPION ? 0.10 : 0.20, score.getProbability(), 1e-6, id);
            assertEquals(1, score.shadowScores().size());
            ModelScore shadow = score.shadowScores().get(0);
            assertEquals(ModelRole.SHADOW, shadow.getRole());
            assertEquals("1.2.0", shadow.getVersion());
            assertEquals(0.30, shadow.getProbability(), 1e-6);
            assertTrue(shadow.shadowScores().isEmpty());
            if (expected == ModelRole.CHAMPION) {
                champion++;
            } else {
                challenger++;
            }
        }
        assertTrue(champion > 150 && challenger > 150, champion + " / " + challenger);
        assertEquals("1.0.0", registry.active("credit-default").card().version(), "the champion serves, not 9.9.9");
    }

    @Test
    void withoutARouteTheHighestVersionServesWithNoRoleAndNoShadows() {
        load("1.0.0", 0.10f);
        load("1.1.0", 0.20f);
        ModelScore score = RuleModels.of(registry).score("credit-default", application("APP-1"));
        assertEquals("1.1.0", score.getVersion());
        assertNull(score.getRole());
        assertTrue(score.shadowScores().isEmpty());
    }

    @Test
    void aShadowThatCannotScoreIsRecordedAsFailedAndTheDecisiveScoreStands() {
        load("1.0.0", 0.10f);
        // a shadow that reads a feature the application lacks
        registry.loadPackage(ModelPackages.write(root, ModelPackages.card("credit-default", "2.0.0",
                        List.of(FeatureSpec.numeric("months_employed", 40, 10))),
                TestOnnxModels.constant("features", 1, 0.5f, "probability")));
        registry.routing(parse("credit-default.champion=1.0.0\ncredit-default.shadow=2.0.0\n"));
        ModelScore score = RuleModels.of(registry).score("credit-default", application("APP-7"));
        assertTrue(score.isScored());
        assertEquals(0.10, score.getProbability(), 1e-6);
        assertEquals(ModelRole.CHAMPION, score.getRole());
        ModelScore shadow = score.shadowScores().get(0);
        assertFalse(shadow.isScored());
        assertEquals("2.0.0", shadow.getVersion());
        assertTrue(shadow.getFailure().contains("months_employed"), shadow.getFailure());
    }

    @Test
    void aRoutingThatNamesAVersionNotLoadedIsRefusedAndTheOldOneStays() {
        load("1.0.0", 0.10f);
        load("1.1.0", 0.20f);
        registry.routing(parse("credit-default.champion=1.0.0\n"));
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> registry.routing(parse("""
                credit-default.champion = 1.1.0
                credit-default.shadow = 3.0.0
                """)));
        assertTrue(e.getMessage().contains("credit-default@3.0.0") && e.getMessage().contains("1.0.0, 1.1.0"), e.getMessage());
        assertEquals("1.0.0", registry.active("credit-default").card().version(), "the routing in force is unchanged");
        assertThrows(IllegalStateException.class, () -> registry.unload("credit-default", "1.0.0"),
                "a routed version cannot be unloaded");
    }

    @Test
    void badRoutingFilesNameTheKeyAndWhatWasExpected() {
        assertMessage("credit-default.champoin=1.0.0", "unknown key 'credit-default.champoin'");
        assertMessage("credit-default.shadow=1.2.0", "credit-default.champion is missing");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.challenger=1.1.0",
                "credit-default.challenger.share is missing");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.challenger=1.1.0\ncredit-default.challenger.share=ten",
                "credit-default.challenger.share is 'ten'; expected a number from 0 to 1");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.challenger=1.1.0\ncredit-default.challenger.share=1.5",
                "the challenger share must be in [0, 1], was 1.5");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.challenger.share=0.1",
                "a challenger share without a challenger version");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.shadow=1.0.0", "the shadow 1.0.0 also decides");
        assertMessage("credit-default.champion=1.0.0\ncredit-default.challenger=1.0.0\ncredit-default.challenger.share=0.1",
                "the challenger 1.0.0 is also the champion");
    }

    @Test
    void aFolderWithoutARoutingFileHasNoRoutesAndOneWithItIsRead() throws Exception {
        assertEquals(ModelRouting.NONE, ModelRouting.readFolder(root));
        Files.writeString(root.resolve(ModelRouting.FILE), "credit-default.champion = 1.0.0\ncredit-default.shadow = 1.1.0, 1.2.0\n");
        ModelRoute route = ModelRouting.readFolder(root).route("credit-default").orElseThrow();
        assertEquals(List.of("1.1.0", "1.2.0"), route.shadows());
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), route.versions());
    }

    private static void assertMessage(String file, String expected) {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> parse(file));
        assertTrue(e.getMessage().startsWith("models.properties: ") && e.getMessage().contains(expected), e.getMessage());
    }
}
