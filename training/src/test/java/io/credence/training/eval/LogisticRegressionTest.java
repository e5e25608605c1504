package io.credence.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void learnsALinearlySeparableProblem() {
        Random random = new Random(5);
        int n = 400;
        float[][] x = new float[n][3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = 2 * x[i][0] - x[i][1] + 0.5 > 0 ? 1 : 0;
        }
        LogisticRegression lr = LogisticRegression.fit(x, y, 0.1);
        double[] p = lr.predict(x);
        assertTrue(Metrics.rocAuc(p, y) > 0.999, "AUC " + Metrics.rocAuc(p, y));
        double[] w = lr.weights();
        assertTrue(w[0] > 0 && w[1] < 0, "signs of the separating direction: " + java.util.Arrays.toString(w));
        assertTrue(Math.abs(w[2]) < 0.2 * Math.abs(w[0]), "irrelevant column gets a small weight: " + w[2]);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += (p[i] > 0.5) == (y[i] > 0.5f) ? 1 : 0;
        }
        assertTrue(correct >= 0.98 * n, correct + " of " + n + " correct");
    }

    @Test
    void withoutSignalPredictsTheBaseRate() {
        Random random = new Random(9);
        int n = 1000;
        float[][] x = new float[n][2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            y[i] = i % 4 == 0 ? 1 : 0;
        }
        LogisticRegression lr = LogisticRegression.fit(x, y, 1.0);
        double mean = java.util.Arrays.stream(lr.predict(x)).average().orElseThrow();
        assertEquals(0.25, mean, 0.01);
    }
}
