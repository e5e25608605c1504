package io.credence.rules.camel;

import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.runtime.ModelSession;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * What {@code credence:score} and {@code credence:explain} share: the component's models and the
 * body's model inputs ({@link ModelInputs}), resolved when the producer starts, and the model
 * version the endpoint asks for, looked up per exchange so that a reload is seen.
 */
abstract class ModelProducer extends DefaultProducer {

    final CredenceEndpoint endpoint;
    private ModelInputs inputs;

    ModelProducer(CredenceEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().resources().models();   // fails the start when there are none
        inputs = new ModelInputs(endpoint.getComponent().resources().reader());
    }

    @Override
    public final void process(Exchange exchange) {
        // Asked per exchange: the service's models may have been reloaded since the start. Held
        // for the call, so that a reload during it does not close the session it scores on.
        FeatureSource input = inputs.read(exchange);
        endpoint.getComponent().resources().withModels(models -> {
            String version = endpoint.getVersion();
            ModelSession session = version == null || version.isBlank() ? models.active(endpoint.getModel())
                    : models.version(endpoint.getModel(), version);
            answer(exchange.getMessage(), session, input);
            return null;
        });
    }

    /** Puts the answer for {@code input} (the model inputs read from the body) from {@code session} on {@code message}. */
    abstract void answer(Message message, ModelSession session, FeatureSource input);
}
