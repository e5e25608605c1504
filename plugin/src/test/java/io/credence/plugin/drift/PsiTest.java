package io.credence.plugin.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.Distribution;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void twoBinsByHand() {
        // (0.7 - 0.5) ln(0.7 / 0.5) + (0.3 - 0.5) ln(0.3 / 0.5)
        double byHand = 0.2 * Math.log(1.4) + (-0.2) * Math.log(0.6);
        assertEquals(0.16946, byHand, 1e-5);
        assertEquals(byHand, Psi.of(new double[] {0.5, 0.5}, new long[] {70, 30}), 1e-12);
    }

    @Test
    void anEmptyBinCountsAsEpsilonNotInfinity() {
        // live {0, 0.3, 0.7} against training {0.2, 0.3, 0.5}: the empty bin is 0.0001
        double byHand = (0.0001 - 0.2) * Math.log(0.0001 / 0.2) + 0 + (0.7 - 0.5) * Math.log(0.7 / 0.5);
        assertEquals(1.58671, byHand, 1e-5);
        assertEquals(byHand, Psi.of(new double[] {0.2, 0.3, 0.5}, new long[] {0, 30, 70}), 1e-12);
    }

    @Test
    void identicalDistributionsHaveZeroPsiAndNoCountsHaveNone() {
        assertEquals(0, Psi.of(new double[] {0.25, 0.75}, new long[] {25, 75}), 1e-15);
        assertTrue(Double.isNaN(Psi.of(new double[] {0.25, 0.75}, new long[] {0, 0})));
        assertThrows(IllegalArgumentException.class, () -> Psi.of(new double[] {1}, new double[] {0.5, 0.5}));
    }

    @Test
    void aSampleFromTheTrainingDistributionIsStableAndAShiftedOneIsNot() {
        Random random = new Random(7);
        double[] training = new double[20_000];
        for (int i = 0; i < training.length; i++) {
            training[i] = random.nextGaussian();
        }
        Distribution bins = DistributionProfile.quantiles(training, 10);
        assertEquals(10, bins.bins());
        double[] expected = bins.shareArray();
        long[] same = new long[10];
        long[] shifted = new long[10];
        for (int i = 0; i < 1_000; i++) {
            same[bins.binOf(random.nextGaussian())]++;
            shifted[bins.binOf(random.nextGaussian() + 1.0)]++;   // the mean moved by one standard deviation
        }
        double stable = Psi.of(expected, same);
        double drifted = Psi.of(expected, shifted);
        assertTrue(stable < 0.1, "same distribution: PSI " + stable);
        assertTrue(drifted > 0.25, "shifted distribution: PSI " + drifted);
    }
}
