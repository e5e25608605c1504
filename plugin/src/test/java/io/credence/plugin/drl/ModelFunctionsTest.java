package io.credence.plugin.drl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelFunctionsTest {

    private static String formatted(double probability) {
        return String.format(Locale.ROOT, "%.1f %%", probability * 100.0);
    }

    @Test
    void percentPrintsOneDecimalRoundedHalfUp() {
        assertEquals("35.1 %", ModelFunctions.percent(0.3512));
        assertEquals("35.0 %", ModelFunctions.percent(0.35));
        assertEquals("20.0 %", ModelFunctions.percent(0.2));
        assertEquals("0.0 %", ModelFunctions.percent(0.0));
        assertEquals("100.0 %", ModelFunctions.percent(1.0));
        assertEquals("0.1 %", ModelFunctions.percent(0.0005));
    }

    @Test
    void percentWritesWhatStringFormatWrites() {
        double[] edges = {0.00049999, 0.0005, 0.3515, 0.3525, 0.20049999999999998, 1e-9, 0.999999, -0.0,
            Double.NaN, Double.POSITIVE_INFINITY, 0.12345, 0.0004999999999999999};
        for (double p : edges) {
            assertEquals(formatted(p), ModelFunctions.percent(p), "p = " + p);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double p = i % 2 == 0 ? random.nextDouble() : Math.round(random.nextDouble() * 20_000) / 20_000.0;
            assertEquals(formatted(p), ModelFunctions.percent(p), "p = " + p);
        }
    }
}
