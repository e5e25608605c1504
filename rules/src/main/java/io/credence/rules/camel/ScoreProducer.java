package io.credence.rules.camel;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ModelSession;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code credence:score?model=NAME[&version=V]}: one model's probability for the body's inputs
 * ({@link ModelInputs}), with the version and execution provider that computed it. A model or
 * version that is not loaded fails the exchange naming what is loaded
 * ({@link io.credence.plugin.registry.UnknownModelException}).
 */
final class ScoreProducer extends DefaultProducer {

    private final CredenceEndpoint endpoint;
    private ModelRegistry models;
    private ModelInputs inputs;

    ScoreProducer(CredenceEndpoint endpoint) {
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
        ModelSession session = session(models, endpoint);
        ModelAnswers.write(exchange.getMessage(), session.score(inputs.read(exchange)), endpoint.getOutputType());
    }

    /** The version the endpoint asks for, else the serving one; looked up per exchange, so a reload is seen. */
    static ModelSession session(ModelRegistry models, CredenceEndpoint endpoint) {
        String version = endpoint.getVersion();
        return version == null || version.isBlank() ? models.active(endpoint.getModel())
                : models.version(endpoint.getModel(), version);
    }
}
