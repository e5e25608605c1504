package io.credence.training.nn;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import io.credence.plugin.testing.ModelPackages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded synthetic credit data and matching model cards for the network tests. */
final class Synthetic {

    static final int STEPS = 6;
    static final int CHANNELS = 3;

    private Synthetic() {
    }

    /**
     * Rows whose bad-probability rises with a fixed linear score of the tabular columns and of the
     * late steps of the sequence (e.g. recent arrears), plus noise.
     *
     * @param grades 0 for 0/1 labels, k >= 2 for grade indices 0..k-1 (cut at score quantiles)
     */
    static NetworkInput rows(int rows, int tabularWidth, boolean sequence, int grades, long seed) {
        Random random = new Random(seed);
        float[][] tabular = tabularWidth > 0 ? new float[rows][tabularWidth] : null;
        float[][][] seq = sequence ? new float[rows][STEPS][CHANNELS] : null;
        double[] score = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < tabularWidth; c++) {
                float v = (float) random.nextGaussian();
                tabular[r][c] = v;
                s += (c % 2 == 0 ? 1.0 : -0.7) * v;
            }
            if (sequence) {
                for (int t = 0; t < STEPS; t++) {
                    for (int ch = 0; ch < CHANNELS; ch++) {
                        float v = (float) random.nextGaussian();
                        seq[r][t][ch] = v;
                        if (ch == 0) {
                            s += 0.35 * (t + 1) / STEPS * v * 2;
                        } else if (ch == 1 && t >= STEPS - 2) {
                            s -= 0.6 * v;
                        }
                    }
                }
            }
            score[r] = s + 0.5 * random.nextGaussian();
        }
        float[] labels = new float[rows];
        double[] sorted = score.clone();
        Arrays.sort(sorted);
        int classes = grades == 0 ? 2 : grades;
        for (int r = 0; r < rows; r++) {
            int grade = 0;
            for (int g = 1; g < classes; g++) {
                // the bad class (highest) is the top 30%, the others share the rest
                double q = g == classes - 1 ? 0.7 : 0.7 * g / (classes - 1);
                if (score[r] > sorted[(int) (q * (rows - 1))]) {
                    grade = g;
                }
            }
            labels[r] = grade;
        }
        return new NetworkInput(tabular, seq, labels);
    }

    /** Rows with the same features but labels drawn at random (nothing to learn). */
    static NetworkInput withRandomLabels(NetworkInput rows, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[rows.rows()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = random.nextDouble() < 0.3 ? 1f : 0f;
        }
        return new NetworkInput(rows.tabular(), rows.sequence(), labels);
    }

    /** A card whose inputs fit the spec (numeric identity-scaled features), output index = last unit. */
    static ModelCard card(String name, NetworkSpec spec) {
        List<InputSpec> inputs = new ArrayList<>();
        if (spec.hasTabular()) {
            List<FeatureSpec> features = new ArrayList<>();
            for (int c = 0; c < spec.tabularWidth(); c++) {
                features.add(FeatureSpec.numeric("t" + c, 0.0, 1.0));
            }
            inputs.add(InputSpec.tabular("applicant", features));
        }
        if (spec.hasSequence()) {
            List<FeatureSpec> channels = new ArrayList<>();
            for (int c = 0; c < spec.sequenceChannels(); c++) {
                channels.add(FeatureSpec.numeric("history_c" + c, 0.0, 1.0));
            }
            inputs.add(new InputSpec("history", InputSpec.Layout.sequence, spec.sequenceSteps(), channels));
        }
        return new ModelCard(ModelCard.FORMAT, name, "1.0.0", "0".repeat(64), Instant.parse("2026-11-29T00:00:00Z"),
                "parity test model", inputs,
                new OutputSpec("probability", spec.outputs() - 1, "probability of the bad class"),
                new TrainingData("generated in test", ModelPackages.TEST_DATA_SHA, 0, "n/a"), Map.of(), Map.of());
    }

    /** The per-input row-major buffers ONNX Runtime reads, in card order (tabular, then sequence). */
    static List<float[]> buffers(NetworkInput rows) {
        List<float[]> buffers = new ArrayList<>(2);
        if (rows.tabular() != null) {
            int w = rows.tabular()[0].length;
            float[] flat = new float[rows.rows() * w];
            for (int r = 0; r < rows.rows(); r++) {
                System.arraycopy(rows.tabular()[r], 0, flat, r * w, w);
            }
            buffers.add(flat);
        }
        if (rows.sequence() != null) {
            int steps = rows.sequence()[0].length;
            int ch = rows.sequence()[0][0].length;
            float[] flat = new float[rows.rows() * steps * ch];
            for (int r = 0; r < rows.rows(); r++) {
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(rows.sequence()[r][t], 0, flat, (r * steps + t) * ch, ch);
                }
            }
            buffers.add(flat);
        }
        return buffers;
    }

    /** Binary labels: 1 for the bad class (label 1, or the last of {@code grades}). */
    static float[] badLabels(NetworkInput rows, int grades) {
        float[] out = new float[rows.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = grades == 0 ? rows.labels()[r] : (rows.labels()[r] == grades - 1 ? 1f : 0f);
        }
        return out;
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
