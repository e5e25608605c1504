package io.credence.plugin.drift;

import io.credence.plugin.card.Distribution;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.TrainingDistributions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a card's training distributions from the training rows as the model saw them (encoded by
 * the card) and their scores. Numeric features get about {@value #BINS} quantile bins: each edge is
 * the midpoint between the value at a decile and the next larger value in the data, so a value
 * never sits on an edge (features with few distinct values, like a rate of 1 to 4, get fewer bins,
 * one per value at most) and float rounding in the encoding cannot move a value across one.
 * Categorical and ordinal features get the share of each code; the score gets ten bins of width
 * 0.1 on [0, 1].
 *
 * <pre>{@code
 * DistributionProfile profile = new DistributionProfile(card);
 * for (int r = 0; r < rows; r++) {
 *     profile.add(EncodedColumns.of(encoded[r]), scores[r]);
 * }
 * ModelCard withBaseline = card.withDistributions(profile.build());
 * }</pre>
 */
public final class DistributionProfile {

    /** Quantile bins per numeric feature (at most). */
    public static final int BINS = 10;
    /** The score's edges: 0.1, 0.2, ..., 0.9. */
    public static final List<Double> SCORE_EDGES = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    private final List<FeatureReader> readers = new ArrayList<>();
    private final List<double[]> numbers = new ArrayList<>();
    private final List<long[]> codes = new ArrayList<>();
    private final long[] scoreCounts = new long[SCORE_EDGES.size() + 1];
    private final Distribution scoreBins = Distribution.numeric(SCORE_EDGES, uniform(SCORE_EDGES.size() + 1));
    private int rows;

    /** A profile of {@code card}'s tabular features. */
    public DistributionProfile(ModelCard card) {
        for (InputSpec input : card.inputs()) {
            if (input.layout() == InputSpec.Layout.tabular) {
                for (FeatureSpec f : input.features()) {
                    FeatureReader reader = new FeatureReader(f);
                    readers.add(reader);
                    numbers.add(reader.numeric() ? new double[64] : null);
                    codes.add(reader.numeric() ? null : new long[f.vocabulary().size()]);
                }
            }
        }
    }

    /** Adds one training row: its encoded columns and the model's score of it. */
    public void add(EncodedColumns row, double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a score must be in [0, 1], was " + score);
        }
        for (int i = 0; i < readers.size(); i++) {
            FeatureReader reader = readers.get(i);
            if (reader.numeric()) {
                double[] values = numbers.get(i);
                if (rows == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                    numbers.set(i, values);
                }
                values[rows] = reader.number(row);
            } else {
                int c = reader.category(row);
                if (c >= 0) {
                    codes.get(i)[c]++;
                }
            }
        }
        scoreCounts[scoreBins.binOf(score)]++;
        rows++;
    }

    /** The distributions of the rows added. */
    public TrainingDistributions build() {
        if (rows == 0) {
            throw new IllegalStateException("no training rows were added to the profile");
        }
        Map<String, Distribution> features = new LinkedHashMap<>();
        for (int i = 0; i < readers.size(); i++) {
            FeatureReader reader = readers.get(i);
            Distribution d = reader.numeric()
                    ? quantiles(Arrays.copyOf(numbers.get(i), rows), BINS)
                    : categories(reader.spec().vocabulary(), codes.get(i));
            if (d != null) {
                features.put(reader.spec().name(), d);
            }
        }
        return new TrainingDistributions(rows, features, Distribution.numeric(SCORE_EDGES, toShares(scoreCounts)));
    }

    /**
     * At most {@code bins} quantile bins of {@code values} (NaN ignored), with midpoint edges;
     * null when there is no value.
     */
    public static Distribution quantiles(double[] values, int bins) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return null;
        }
        List<Double> edges = new ArrayList<>();
        for (int q = 1; q < bins; q++) {
            int at = (int) Math.ceil((double) q * n / bins) - 1;
            double below = sorted[Math.max(0, at)];
            int next = at + 1;
            while (next < n && sorted[next] == below) {
                next++;
            }
            if (next >= n) {
                break;
            }
            double edge = nice(below + (sorted[next] - below) / 2, below, sorted[next]);
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        Distribution shape = Distribution.numeric(edges, uniform(edges.size() + 1));
        long[] counts = new long[edges.size() + 1];
        for (double v : sorted) {
            counts[shape.binOf(v)]++;
        }
        return Distribution.numeric(edges, toShares(counts));
    }

    /** {@code edge} to 6 significant digits when that still lies strictly between {@code below} and {@code above}. */
    static double nice(double edge, double below, double above) {
        double rounded = new java.math.BigDecimal(edge).round(new java.math.MathContext(6)).doubleValue();
        return rounded > below && rounded < above ? rounded : edge;
    }

    private static Distribution categories(List<String> vocabulary, long[] counts) {
        long total = Arrays.stream(counts).sum();
        return total == 0 ? null : Distribution.categorical(vocabulary, toShares(counts));
    }

    private static List<Double> toShares(long[] counts) {
        double[] shares = Psi.shares(counts);
        List<Double> out = new ArrayList<>(shares.length);
        for (double s : shares) {
            out.add(s);
        }
        return out;
    }

    private static List<Double> uniform(int n) {
        List<Double> out = new ArrayList<>(n);
        double rest = 1;
        for (int i = 0; i < n - 1; i++) {
            out.add(1.0 / n);
            rest -= 1.0 / n;
        }
        out.add(rest);
        return out;
    }
}
