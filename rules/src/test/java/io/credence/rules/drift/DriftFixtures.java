package io.credence.rules.drift;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import io.credence.plugin.drift.DistributionProfile;
import io.credence.plugin.drift.EncodedColumns;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.rules.decision.ScoreSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small model card whose training distributions are known exactly: {@code rate} took 1, 2, 3 and 4
 * equally often, {@code housing} was {@code own} half the time and {@code rent} and {@code free} a
 * quarter each, and the score was 0.05, 0.15, 0.25 and 0.35 equally often. {@link #typical(int)}
 * cycles through exactly those rows (PSI 0 after every 4), {@link #shifted(int)} is always rate 4,
 * housing free, score 0.85.
 */
public final class DriftFixtures {

    private static final Object[][] TYPICAL = {{1, "own"}, {2, "own"}, {3, "rent"}, {4, "free"}};
    private static final double[] TYPICAL_SCORES = {0.05, 0.15, 0.25, 0.35};

    public static final ModelCard CARD = profiled();

    private static final FeatureEncoder ENCODER = new FeatureEncoder(CARD);

    private DriftFixtures() {
    }

    /** The i-th typical scored application. */
    public static ScoreSummary typical(int i) {
        Object[] row = TYPICAL[i % 4];
        return score(row[0], (String) row[1], TYPICAL_SCORES[i % 4]);
    }

    /** A shifted scored application. */
    public static ScoreSummary shifted(int i) {
        return score(4, "free", 0.85);
    }

    public static ScoreSummary score(Object rate, String housing, double value) {
        Map<String, Float> encoded = ENCODER.encode(Map.of("rate", rate, "housing", housing)::get).byColumn();
        return new ScoreSummary(CARD.name(), CARD.version(), CARD.onnxSha256(), "CPUExecutionProvider", value, null, encoded);
    }

    private static ModelCard profiled() {
        ModelCard card = new ModelCard(ModelCard.FORMAT, "drift-test", "2.0.0", "a".repeat(64),
                Instant.parse("2026-12-01T00:00:00Z"), null,
                List.of(InputSpec.tabular("features", List.of(FeatureSpec.numeric("rate", 2.5, 1.1),
                        FeatureSpec.categorical("housing", List.of("own", "rent", "free"))))),
                new OutputSpec("probability", 0, "probability of default"),
                new TrainingData("train.csv", "b".repeat(64), 4, null), Map.of(), Map.of());
        FeatureEncoder encoder = new FeatureEncoder(card);
        DistributionProfile profile = new DistributionProfile(card);
        for (int i = 0; i < 4; i++) {
            Object[] row = TYPICAL[i];
            profile.add(EncodedColumns.of(encoder.encode(Map.of("rate", row[0], "housing", row[1])::get).byColumn()),
                    TYPICAL_SCORES[i]);
        }
        return card.withDistributions(profile.build());
    }
}
