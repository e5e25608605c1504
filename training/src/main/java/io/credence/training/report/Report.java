package io.credence.training.report;

import io.credence.plugin.card.ModelCard;
import io.credence.training.nn.EpochStats;
import io.credence.training.pipeline.CvResult;
import java.util.List;

/**
 * What a report shows.
 *
 * @param title    page title
 * @param subtitle one line under the title
 * @param scored   prediction sets to plot and tabulate (e.g. each model's out-of-fold predictions)
 * @param history  learning curves (may be empty)
 * @param card     the model card to show (null for comparisons)
 */
public record Report(String title, String subtitle, List<Scored> scored, List<EpochStats> history, ModelCard card) {

    public Report {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("report title is required");
        }
        scored = List.copyOf(scored);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /**
     * One set of predictions.
     *
     * @param name        label in tables and legends
     * @param predictions probability of bad per row
     * @param labels      1 = bad per row
     * @param cv          the cross-validation it came from (null when it is a plain hold-out)
     */
    public record Scored(String name, double[] predictions, float[] labels, CvResult cv) {
        public Scored {
            if (predictions.length != labels.length) {
                throw new IllegalArgumentException("scored set '" + name + "': " + predictions.length
                        + " predictions but " + labels.length + " labels");
            }
        }

        /** The out-of-fold predictions of a cross-validation. */
        public static Scored of(CvResult cv) {
            return new Scored(cv.name() + " (CV out-of-fold)", cv.predictions(), cv.labels(), cv);
        }
    }
}
