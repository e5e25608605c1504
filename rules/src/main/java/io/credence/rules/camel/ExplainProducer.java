package io.credence.rules.camel;

import io.credence.plugin.explain.Explainers;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ModelSession;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code credence:explain?model=NAME[&version=V][&method=M]}: why the model scored the body's
 * inputs as it did, against its card's reference applicant: attributions per feature, the method,
 * whether they are exact, and their stated error. The explainer of a model version is built once
 * and reused ({@link Explainers}).
 */
final class ExplainProducer extends DefaultProducer {

    private final CredenceEndpoint endpoint;
    private ModelRegistry models;
    private ModelInputs inputs;

    ExplainProducer(CredenceEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        models = endpoint.getComponent().resources().models();
        inputs = new ModelInputs(endpoint.getComponent().resources().reader());
    }

    @Override
    public void process(Exchange exchange) {
        ModelSession session = ScoreProducer.session(models, endpoint);
        ModelAnswers.write(exchange.getMessage(), Explainers.of(session, endpoint.getMethod()).explain(inputs.read(exchange)),
                endpoint.getOutputType());
    }
}
