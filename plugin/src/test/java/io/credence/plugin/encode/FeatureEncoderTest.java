package io.credence.plugin.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.MissingValue;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.Scaling;
import io.credence.plugin.card.ValueRange;
import io.credence.plugin.testing.ModelPackages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

    private static final FeatureSpec AGE = FeatureSpec.numeric("age_years", 35.0, 10.0)
            .withRange(new ValueRange(18, 100, ValueRange.OutOfRange.reject));
    private static final FeatureSpec HOUSING = FeatureSpec.categorical("housing", List.of("own", "rent", "free"));
    private static final FeatureSpec INCOME = FeatureSpec.numeric("income", 3000.0, 1000.0)
            .withMissing(new MissingValue(MissingValue.Policy.impute, 3000.0, true));

    private static FeatureEncoder encoder(FeatureSpec... features) {
        return new FeatureEncoder(ModelPackages.card("m", "1.0.0", List.of(features)));
    }

    private static Map<String, Object> app(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    @Test
    void scalesNumbersAndOneHotEncodesCodesInCardOrder() {
        EncodedApplication e = encoder(AGE, HOUSING).encode(FeatureLookup.of(app("age_years", 45, "housing", "rent")));
        assertArrayEquals(new float[] {1.0f, 0f, 1f, 0f}, e.values().get(0));
        assertEquals(List.of("age_years", "housing=own", "housing=rent", "housing=free"), e.columns().get(0));
        assertEquals(1.0f, e.byColumn().get("age_years"));
        assertEquals(Map.of("age_years", 1.0f, "housing=own", 0f, "housing=rent", 1f, "housing=free", 0f), e.byColumn());
        assertEquals(e.columns().get(0), List.copyOf(e.byColumn().keySet()), "iterates in column order");
        assertThrows(UnsupportedOperationException.class, () -> e.byColumn().put("age_years", 9f));
    }

    @Test
    void rejectsNaNNamingTheField() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(AGE).encode(FeatureLookup.of(app("age_years", Double.NaN))));
        assertEquals("age_years", ex.violations().get(0).feature());
        assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());
        assertTrue(ex.getMessage().contains("finite number"), ex.getMessage());
    }

    @Test
    void rejectsInfinity() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(INCOME).encode(FeatureLookup.of(app("income", Double.POSITIVE_INFINITY))));
        assertEquals("income", ex.violations().get(0).feature());
    }

    @Test
    void rejectsAMissingFeatureWhenTheCardHasNoImputation() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(AGE, HOUSING).encode(FeatureLookup.of(app("housing", "own"))));
        assertEquals(1, ex.violations().size());
        assertEquals("age_years", ex.violations().get(0).feature());
        assertTrue(ex.getMessage().contains("no rule for a missing value"), ex.getMessage());
    }

    @Test
    void imputesAMissingValueAndSetsItsIndicator() {
        EncodedApplication missing = encoder(INCOME).encode(FeatureLookup.of(app("income", null)));
        assertArrayEquals(new float[] {0f, 1f}, missing.values().get(0));
        EncodedApplication present = encoder(INCOME).encode(FeatureLookup.of(app("income", 5000)));
        assertArrayEquals(new float[] {2f, 0f}, present.values().get(0));
    }

    @Test
    void rejectsOutOfRangeOrClipsAsTheCardSays() {
        assertThrows(InvalidFeatureException.class, () -> encoder(AGE).encode(FeatureLookup.of(app("age_years", 17))));
        FeatureSpec clipped = AGE.withRange(new ValueRange(18, 100, ValueRange.OutOfRange.clip));
        assertArrayEquals(new float[] {-1.7f}, encoder(clipped).encode(FeatureLookup.of(app("age_years", 5))).values().get(0), 1e-6f);
    }

    @Test
    void rejectsUnknownCategoryOrZeroesItAsTheCardSays() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(HOUSING).encode(FeatureLookup.of(app("housing", "castle"))));
        assertTrue(ex.getMessage().contains("one of [own, rent, free]"), ex.getMessage());
        FeatureSpec lenient = new FeatureSpec("housing", FeatureType.CATEGORICAL, null, null, null,
                List.of("own", "rent", "free"), FeatureSpec.UnknownCategory.zero, null);
        assertArrayEquals(new float[] {0f, 0f, 0f}, encoder(lenient).encode(FeatureLookup.of(app("housing", "castle"))).values().get(0));
    }

    @Test
    void rejectsTextInANumericField() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(AGE).encode(FeatureLookup.of(app("age_years", "forty"))));
        assertTrue(ex.getMessage().contains("\"forty\""), ex.getMessage());
        assertTrue(ex.getMessage().contains("a number in [18, 100]"), ex.getMessage());
    }

    @Test
    void listsEveryViolationAtOnce() {
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class,
                () -> encoder(AGE, HOUSING, INCOME).encode(FeatureLookup.of(app("age_years", -3, "housing", 7, "income", Double.NaN))));
        assertEquals(List.of("age_years", "housing", "income"), ex.violations().stream().map(FeatureViolation::feature).toList());
    }

    @Test
    void encodesOrdinalLevelsByPosition() {
        FeatureSpec savings = new FeatureSpec("savings", FeatureType.ORDINAL, null, new Scaling(1.0, 2.0), null,
                List.of("none", "low", "mid", "high"), null, null);
        assertArrayEquals(new float[] {1.0f}, encoder(savings).encode(FeatureLookup.of(app("savings", "high"))).values().get(0));
    }

    @Test
    void encodesSequencesStepMajorWithOneChannelPerFeature() {
        FeatureSpec status = FeatureSpec.numeric("pay_status", 0.0, 2.0);
        FeatureSpec bill = FeatureSpec.numeric("bill", 100.0, 100.0);
        ModelCard card = new ModelCard(null, "seq", "1.0.0", "0".repeat(64), java.time.Instant.EPOCH, null,
                List.of(new InputSpec("history", InputSpec.Layout.sequence, 3, List.of(status, bill))),
                new io.credence.plugin.card.OutputSpec("p", 0, "probability of default"),
                new io.credence.plugin.card.TrainingData("t", ModelPackages.TEST_DATA_SHA, 1, null), null, null);
        EncodedApplication e = new FeatureEncoder(card).encode(FeatureLookup.of(
                app("pay_status", List.of(0, 2, 4), "bill", new double[] {100, 200, 300})));
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 2f, 2f}, e.values().get(0));
        assertEquals(2f, e.byColumn().get("pay_status[2]"));
        assertEquals(List.of("pay_status[0]", "pay_status[1]", "pay_status[2]", "bill[0]", "bill[1]", "bill[2]"),
                List.copyOf(e.byColumn().keySet()), "channel by channel, oldest step first");
        assertEquals(List.of(0f, 1f, 2f, 0f, 1f, 2f), List.copyOf(e.byColumn().values()));
        InvalidFeatureException ex = assertThrows(InvalidFeatureException.class, () -> new FeatureEncoder(card)
                .encode(FeatureLookup.of(app("pay_status", List.of(0, 2), "bill", List.of(1, 2, Double.NaN)))));
        assertEquals(List.of("pay_status", "bill[2]"), ex.violations().stream().map(FeatureViolation::feature).toList());
    }

    public record Applicant(int age_years, String housing) {
    }

    @Test
    void readsRecordComponentsByName() {
        EncodedApplication e = encoder(AGE, HOUSING).encode(FeatureLookup.of(new Applicant(25, "free")));
        assertArrayEquals(new float[] {-1.0f, 0f, 0f, 1f}, e.values().get(0));
    }
}
