package io.credence.training.report;

import io.credence.training.eval.Evaluation;
import io.credence.training.nn.EpochStats;
import io.credence.training.pipeline.CvResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A report built from synthetic predictions. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static Report report() {
        Random random = new Random(1);
        int n = 400;
        double[] p = new double[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            double z = (y[i] > 0 ? 0.8 : -0.6) + random.nextGaussian();
            p[i] = 1 / (1 + Math.exp(-z));
        }
        List<EpochStats> history = new ArrayList<>();
        for (int e = 1; e <= 12; e++) {
            history.add(new EpochStats(e, 0.7 / Math.sqrt(e), 0.6 + 0.01 * Math.abs(e - 6), 0.6 + 0.02 * Math.min(e, 8)));
        }
        Evaluation ev = Evaluation.of(p, y);
        CvResult cv = new CvResult("mlp", List.of(ev, ev), ev, p, y, history, 1.5);
        return new Report("Credence model test@1.0.0", "synthetic predictions", List.of(Report.Scored.of(cv)), history, null);
    }
}
