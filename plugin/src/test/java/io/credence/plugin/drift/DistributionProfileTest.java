package io.credence.plugin.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.Distribution;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.InvalidModelCardException;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import io.credence.plugin.card.TrainingDistributions;
import io.credence.plugin.encode.FeatureEncoder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionProfileTest {

    static ModelCard card() {
        return new ModelCard(ModelCard.FORMAT, "m", "1.0.0", "a".repeat(64), Instant.parse("2026-12-01T00:00:00Z"), null,
                List.of(InputSpec.tabular("features", List.of(FeatureSpec.numeric("rate", 2.5, 1.1),
                        FeatureSpec.categorical("housing", List.of("own", "rent", "free"))))),
                new OutputSpec("probability", 0, "probability of default"),
                new TrainingData("train.csv", "b".repeat(64), 8, null), Map.of(), Map.of());
    }

    @Test
    void edgesLieBetweenDistinctValuesSoFewValuesGiveOneBinEach() {
        Distribution d = DistributionProfile.quantiles(new double[] {1, 1, 2, 2, 2, 3, 4, 4, 4, 4}, 10);
        assertEquals(List.of(1.5, 2.5, 3.5), d.edges());
        assertEquals(List.of(0.2, 0.3, 0.1, 0.4), d.shares());
        assertEquals(0, d.binOf(1));
        assertEquals(1, d.binOf(2.0000001));
        assertEquals(3, d.binOf(99));
        assertNull(DistributionProfile.quantiles(new double[] {Double.NaN}, 10));
    }

    @Test
    void profilesTheValuesTheEncoderProducedAndTheScore() {
        ModelCard card = card();
        FeatureEncoder encoder = new FeatureEncoder(card);
        DistributionProfile profile = new DistributionProfile(card);
        Object[][] rows = {{1, "own"}, {2, "own"}, {3, "rent"}, {4, "free"}};
        double[] scores = {0.05, 0.15, 0.15, 0.95};
        for (int i = 0; i < rows.length; i++) {
            Object[] row = rows[i];
            Map<String, Float> encoded = encoder.encode(Map.of("rate", row[0], "housing", row[1])::get).byColumn();
            profile.add(EncodedColumns.of(encoded), scores[i]);
        }
        TrainingDistributions d = profile.build();
        assertEquals(4, d.rows());
        assertEquals(List.of(1.5, 2.5, 3.5), d.features().get("rate").edges());
        assertEquals(List.of(0.5, 0.25, 0.25), d.features().get("housing").shares());
        assertEquals(List.of(0.25, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25), d.score().shares());

        ModelCard withBaseline = card.withDistributions(d);
        ModelCard back = ModelCards.parse(ModelCards.toJson(withBaseline), "test");
        assertEquals(d, back.distributions());
        FeatureBins bins = FeatureBins.of(back);
        assertEquals(List.of("rate", "housing", "score"), bins.names());
        int[] out = new int[3];
        bins.binsOf(EncodedColumns.of(encoder.encode(Map.of("rate", (Object) 3, "housing", "free")::get).byColumn()),
                0.42, out);
        assertEquals(List.of(2, 2, 4), List.of(out[0], out[1], out[2]));
    }

    @Test
    void aCardWithoutDistributionsStillLoadsAndABadSectionIsNamed() {
        String old = ModelCards.toJson(card());
        assertTrue(!old.contains("distributions"));
        assertNull(ModelCards.parse(old, "old.json").distributions());

        String wrong = old.substring(0, old.lastIndexOf('}')) + ", \"distributions\" : {\"rows\" : 4, \"score\" : "
                + "{\"edges\" : [0.5], \"shares\" : [0.5, 0.5]}, \"features\" : {\"housing\" : {\"categories\" : "
                + "[\"own\", \"rent\"], \"shares\" : [0.5, 0.5]}}}}";
        InvalidModelCardException e = assertThrows(InvalidModelCardException.class, () -> ModelCards.parse(wrong, "new.json"));
        assertTrue(e.getMessage().contains("distributions.features.housing: categories must be the vocabulary [own, rent, free]"),
                e.getMessage());
        String badShares = old.substring(0, old.lastIndexOf('}')) + ", \"distributions\" : {\"rows\" : 4, \"score\" : "
                + "{\"edges\" : [0.5], \"shares\" : [0.5, 0.6]}}}";
        e = assertThrows(InvalidModelCardException.class, () -> ModelCards.parse(badShares, "new.json"));
        assertTrue(e.getMessage().contains("shares must sum to 1"), e.getMessage());
    }
}
