package io.credence.rules.decision;

import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;

/**
 * How the model's attributions behind a decision were computed, for the response and the audit
 * record: an examiner reads whether the reasons rest on exact Shapley values or on an estimate,
 * and how far the estimate may be off.
 *
 * <pre>{@code
 * ExplanationSummary how = result.explanation(); // null when the model was not explained
 * how.method();   // BASELINE_SHAPLEY
 * how.exact();    // true: every coalition was evaluated
 * how.maxError(); // 0.0 when exact; largest 99 % confidence half-width when estimated; NaN for occlusion
 * }</pre>
 *
 * @param model    model name
 * @param version  model version
 * @param method   the explanation method
 * @param exact    true when the attributions are exact baseline Shapley values
 * @param maxError the largest stated error of an attribution (log-odds): 0 when exact, NaN when
 *                 the method states none; each attribution carries its own ({@code FeatureAttribution.error})
 */
public record ExplanationSummary(String model, String version, ExplanationMethod method, boolean exact, double maxError) {

    public ExplanationSummary {
        if (method == null) {
            throw new IllegalArgumentException("method is required, expected one of "
                    + java.util.Arrays.toString(ExplanationMethod.values()));
        }
    }

    public static ExplanationSummary of(Explanation e) {
        return new ExplanationSummary(e.model(), e.version(), e.method(), e.exact(), e.maxError());
    }
}
