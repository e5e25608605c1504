package io.credence.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    // four rows: bad at 0.8 and 0.4, good at 0.6 and 0.2
    private static final double[] P = {0.8, 0.6, 0.4, 0.2};
    private static final float[] Y = {1, 0, 1, 0};

    @Test
    void aucCountsCorrectlyOrderedPairs() {
        // pairs (bad, good): (0.8,0.6) ok, (0.8,0.2) ok, (0.4,0.6) wrong, (0.4,0.2) ok -> 3/4
        assertEquals(0.75, Metrics.rocAuc(P, Y), 1e-12);
        assertEquals(0.5, Metrics.gini(P, Y), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        assertEquals(0.5, Metrics.rocAuc(new double[] {0.3, 0.3}, new float[] {1, 0}), 1e-12);
    }

    @Test
    void ksIsTheLargestGapBetweenClassDistributions() {
        // ascending thresholds: 0.2 -> bad 0, good 1/2; 0.4 -> 1/2, 1/2; 0.6 -> 1/2, 1; 0.8 -> 1, 1
        assertEquals(0.5, Metrics.ks(P, Y), 1e-12);
    }

    @Test
    void brierAndLogLossMatchHandComputedValues() {
        // (0.2^2 + 0.6^2 + 0.6^2 + 0.2^2) / 4 = 0.2
        assertEquals(0.2, Metrics.brier(P, Y), 1e-12);
        double expected = -(Math.log(0.8) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 4;
        assertEquals(expected, Metrics.logLoss(P, Y), 1e-12);
    }

    @Test
    void calibrationSplitsSortedPredictionsIntoEqualGroups() {
        List<CalibrationBin> bins = Metrics.calibration(P, Y, 2);
        assertEquals(2, bins.size());
        assertEquals(2, bins.get(0).count());
        assertEquals(0.2, bins.get(0).minPredicted());
        assertEquals(0.4, bins.get(0).maxPredicted());
        assertEquals(0.3, bins.get(0).meanPredicted(), 1e-12);
        assertEquals(0.5, bins.get(0).observedRate(), 1e-12);
        assertEquals(0.7, bins.get(1).meanPredicted(), 1e-12);
        assertEquals(0.5, bins.get(1).observedRate(), 1e-12);
    }

    @Test
    void rocCurveRunsFromOriginToOne() {
        List<double[]> curve = Metrics.rocCurve(P, Y);
        assertEquals(5, curve.size());
        assertEquals(0.0, curve.get(0)[0]);
        assertEquals(0.5, curve.get(1)[1]);
        assertEquals(1.0, curve.get(4)[0]);
        assertEquals(1.0, curve.get(4)[1]);
    }

    @Test
    void evaluationNeedsBothClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new double[] {0.1, 0.2}, new float[] {0, 0}));
        assertTrue(e.getMessage().contains("needs both classes"), e.getMessage());
    }
}
