package io.credence.rules.camel;

import io.credence.plugin.explain.Explainers;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.runtime.ModelSession;
import org.apache.camel.Message;

/**
 * {@code credence:explain?model=NAME[&version=V][&method=M]}: why the model scored the body's
 * inputs as it did, against its card's reference applicant: attributions per feature, the method,
 * whether they are exact, and their stated error. The explainer of a model version is built once
 * and reused ({@link Explainers}).
 */
final class ExplainProducer extends ModelProducer {

    ExplainProducer(CredenceEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void answer(Message message, ModelSession session, FeatureSource input) {
        ModelAnswers.write(message, Explainers.of(session, endpoint.getMethod()).explain(input), endpoint.getOutputType());
    }
}
