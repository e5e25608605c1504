package io.credence.plugin.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.testing.ModelPackages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonCodeTableTest {

    static final String CSV = """
            # reason codes for the test model
            feature,direction,code,text
            a,+,RC_A,"Feature A, as stated"
            b,+,RC_B,Feature B
            c,+,RC_B,Feature B or C
            d,+,RC_D,Feature D
            e,+,RC_E,Feature E
            a,-,FAV_A,Feature A helped
            """;

    static Explanation explanation(double... contributions) {
        List<FeatureAttribution> list = new java.util.ArrayList<>();
        String[] names = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < contributions.length; i++) {
            list.add(new FeatureAttribution(names[i], names[i], 1, 0, contributions[i]));
        }
        list.sort((x, y) -> Double.compare(y.contribution(), x.contribution()));
        return new Explanation("m", "1", ExplanationMethod.OCCLUSION, false, 0.5, 0.2, list);
    }

    @Test
    void mapsTheMostAdverseFeaturesToAtMostFourCodesSkippingDuplicatesAndFavourableOnes() {
        ReasonCodeTable table = ReasonCodeTable.parse(CSV, "codes.csv");
        List<ReasonCode> reasons = table.principalReasons(explanation(0.9, 0.5, 0.4, 0.3, -0.2), 4);
        assertEquals(List.of("RC_A", "RC_B", "RC_D"), reasons.stream().map(ReasonCode::code).toList());
        assertEquals("Feature A, as stated", reasons.get(0).text());
        assertEquals(2, table.principalReasons(explanation(0.9, 0.5, 0.4, 0.3, 0.2), 2).size());
    }

    @Test
    void refusesAQuotedLineBreakBecauseEachRowIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReasonCodeTable.parse(
                "feature,direction,code,text\na,+,RC_A,\"two\nlines\"\n", "codes.csv"));
        assertTrue(e.getMessage().contains("codes.csv line 2: unterminated quote"), e.getMessage());
    }

    @Test
    void refusesABadDirectionNamingTheLine() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ReasonCodeTable.parse("feature,direction,code,text\na,up,RC_A,x\n", "codes.csv"));
        assertEquals("codes.csv line 2: direction 'up' must be + (raises risk) or - (lowers risk)", ex.getMessage());
    }

    @Test
    void refusesABadHeaderAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> ReasonCodeTable.parse("feature,code\n", "codes.csv"));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> ReasonCodeTable.parse("feature,direction,code,text\na,+,X,x\na,+,Y,y\n", "codes.csv"));
        assertTrue(dup.getMessage().contains("line 3"), dup.getMessage());
    }

    @Test
    void requiresAnAdverseCodeForEveryModelFeature() {
        ReasonCodeTable table = ReasonCodeTable.parse(CSV, "codes.csv");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> table.requireCovers(
                ModelPackages.card("m", "1.0.0", List.of(FeatureSpec.numeric("a", 0, 1), FeatureSpec.numeric("z", 0, 1))), "codes.csv"));
        assertTrue(ex.getMessage().endsWith("[z]"), ex.getMessage());
    }
}
