package io.credence.plugin.drift;

import io.credence.plugin.card.Distribution;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.TrainingDistributions;
import java.util.ArrayList;
import java.util.List;

/**
 * The variables a card's {@code distributions} describe (its tabular features that have one, in
 * tensor order, then {@value #SCORE}) and the bin an application falls into for each.
 *
 * <pre>{@code
 * FeatureBins bins = FeatureBins.of(card);                  // card.distributions() must be set
 * int[] observed = new int[bins.size()];
 * bins.binsOf(EncodedColumns.of(score.getEncodedFeatures()), score.getProbability(), observed);
 * }</pre>
 */
public final class FeatureBins {

    /** The name of the score's variable. */
    public static final String SCORE = "score";

    private final List<String> names;
    private final List<Distribution> distributions;
    private final FeatureReader[] readers;

    private FeatureBins(List<String> names, List<Distribution> distributions, FeatureReader[] readers) {
        this.names = List.copyOf(names);
        this.distributions = List.copyOf(distributions);
        this.readers = readers;
    }

    /** The variables of {@code card}'s training distributions. */
    public static FeatureBins of(ModelCard card) {
        TrainingDistributions training = card.distributions();
        if (training == null) {
            throw new IllegalArgumentException(card.id() + ": the card has no training distributions"
                    + " (credence-training profile adds them)");
        }
        List<String> names = new ArrayList<>();
        List<Distribution> distributions = new ArrayList<>();
        List<FeatureReader> readers = new ArrayList<>();
        for (InputSpec input : card.inputs()) {
            if (input.layout() != InputSpec.Layout.tabular) {
                continue;
            }
            for (FeatureSpec f : input.features()) {
                Distribution d = training.features().get(f.name());
                if (d != null) {
                    names.add(f.name());
                    distributions.add(d);
                    readers.add(new FeatureReader(f));
                }
            }
        }
        names.add(SCORE);
        distributions.add(training.score());
        return new FeatureBins(names, distributions, readers.toArray(new FeatureReader[0]));
    }

    /** Number of variables (features, then the score). */
    public int size() {
        return names.size();
    }

    /** Variable names, the score last. */
    public List<String> names() {
        return names;
    }

    /** The training distribution of each variable. */
    public List<Distribution> distributions() {
        return distributions;
    }

    /** The number of bins of each variable. */
    public int[] binCounts() {
        int[] out = new int[distributions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = distributions.get(i).bins();
        }
        return out;
    }

    /**
     * Writes into {@code out} (length {@link #size()}) the bin of each variable for one scored
     * application, -1 where the value is not there (a column absent, a code outside the
     * vocabulary, a score that is NaN).
     */
    public void binsOf(EncodedColumns row, double score, int[] out) {
        for (int v = 0; v < readers.length; v++) {
            FeatureReader reader = readers[v];
            if (reader.numeric()) {
                double x = reader.number(row);
                out[v] = Double.isNaN(x) ? -1 : distributions.get(v).binOf(x);
            } else {
                out[v] = reader.category(row);
            }
        }
        out[readers.length] = Double.isNaN(score) ? -1 : distributions.get(readers.length).binOf(score);
    }
}
