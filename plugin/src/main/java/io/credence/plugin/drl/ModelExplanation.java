package io.credence.plugin.drl;

import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.FeatureAttribution;
import java.util.List;

/**
 * The fact an explanation becomes in working memory: which features moved the model's score
 * away from the reference applicant, most adverse first. Rules read {@code topAdverse}; when
 * the explanation could not be computed, {@code explained == false} and {@code failure} says why.
 */
public final class ModelExplanation {

    private final Object subject;
    private final String model;
    private final Explanation explanation;
    private final String failure;

    private ModelExplanation(Object subject, String model, Explanation explanation, String failure) {
        this.subject = subject;
        this.model = model;
        this.explanation = explanation;
        this.failure = failure;
    }

    public static ModelExplanation of(Object subject, Explanation explanation) {
        return new ModelExplanation(subject, explanation.model(), explanation, null);
    }

    public static ModelExplanation failed(Object subject, String model, String failure) {
        return new ModelExplanation(subject, model, null, failure);
    }

    public Object getSubject() {
        return subject;
    }

    public String getModel() {
        return model;
    }

    public boolean isExplained() {
        return explanation != null;
    }

    /** The full explanation; null when not explained. */
    public Explanation getExplanation() {
        return explanation;
    }

    /**
     * Up to four features that raised the risk most, largest first, each with at least {@link
     * Explanation#MATERIALITY} of the total adverse contribution (empty when not explained).
     */
    public List<FeatureAttribution> getTopAdverse() {
        return explanation == null ? List.of() : explanation.principalAdverse(4);
    }

    public String getFailure() {
        return failure;
    }
}
