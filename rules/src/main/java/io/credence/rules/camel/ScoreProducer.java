package io.credence.rules.camel;

import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.runtime.ModelSession;
import org.apache.camel.Message;

/**
 * {@code credence:score?model=NAME[&version=V]}: one model's probability for the body's inputs
 * ({@link ModelInputs}), with the version and execution provider that computed it. A model or
 * version that is not loaded fails the exchange naming what is loaded
 * ({@link io.credence.plugin.registry.UnknownModelException}).
 */
final class ScoreProducer extends ModelProducer {

    ScoreProducer(CredenceEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void answer(Message message, ModelSession session, FeatureSource input) {
        ModelAnswers.write(message, session.score(input), endpoint.getOutputType());
    }
}
