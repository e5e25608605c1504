package io.credence.rules.camel;

import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.runtime.Score;
import io.credence.rules.service.DecisionJson;
import org.apache.camel.Message;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a model's score or explanation to the message: headers, then the value or its JSON.
 *
 * <pre>
 * score:   {"model", "version", "executionProvider", "modelSha256", "probability"}
 * explain: {"model", "version", "method", "exact", "score", "referenceScore", "maxError",
 *           "attributions": [{"feature", "description", "value", "referenceValue", "contribution", "error"}]}
 * </pre>
 *
 * <p>An error that is not stated (NaN: occlusion states none) is written as {@code null}.
 */
final class ModelAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelAnswers() {
    }

    static void write(Message message, Score score, OutputType output) {
        message.setHeader(CredenceConstants.MODEL, score.model());
        message.setHeader(CredenceConstants.MODEL_VERSION, score.version());
        message.setHeader(CredenceConstants.EXECUTION_PROVIDER, score.provider().label());
        message.setHeader(CredenceConstants.PROBABILITY, score.value());
        message.setBody(output == OutputType.OBJECT ? score : DecisionJson.text(json(score)));
    }

    static void write(Message message, Explanation explanation, OutputType output) {
        message.setHeader(CredenceConstants.MODEL, explanation.model());
        message.setHeader(CredenceConstants.MODEL_VERSION, explanation.version());
        message.setHeader(CredenceConstants.PROBABILITY, explanation.score());
        message.setHeader(CredenceConstants.EXPLANATION_METHOD, explanation.method().name());
        message.setHeader(CredenceConstants.EXPLANATION_EXACT, explanation.exact());
        message.setBody(output == OutputType.OBJECT ? explanation : DecisionJson.text(json(explanation)));
    }

    static ObjectNode json(Score score) {
        return NODES.objectNode().put("model", score.model()).put("version", score.version())
                .put("executionProvider", score.provider().label()).put("modelSha256", score.modelSha256())
                .put("probability", score.value());
    }

    static ObjectNode json(Explanation e) {
        ObjectNode out = NODES.objectNode().put("model", e.model()).put("version", e.version())
                .put("method", e.method().name()).put("exact", e.exact()).put("score", e.score())
                .put("referenceScore", e.referenceScore());
        number(out, "maxError", e.maxError());
        ArrayNode list = out.putArray("attributions");
        for (FeatureAttribution a : e.attributions()) {
            ObjectNode node = list.addObject().put("feature", a.feature()).put("description", a.description());
            node.put("value", a.value() == null ? null : String.valueOf(a.value()));
            node.put("referenceValue", a.referenceValue() == null ? null : String.valueOf(a.referenceValue()));
            node.put("contribution", a.contribution());
            number(node, "error", a.error());
        }
        return out;
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
