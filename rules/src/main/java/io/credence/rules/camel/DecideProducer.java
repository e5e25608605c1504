package io.credence.rules.camel;

import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.logs.DecisionUnitOfWork;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code credence:decide}: one application per exchange through the {@link DecisionService} (one
 * audit record each, or the earlier one for a replay), answered by {@link DecisionAnswers}.
 * {@link io.credence.rules.audit.AuditUnavailableException} fails the exchange: nothing was decided.
 */
final class DecideProducer extends DefaultProducer {

    private final CredenceEndpoint endpoint;
    private DecisionService service;
    private ApplicationBodies bodies;

    DecideProducer(CredenceEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Opened (or taken from the component) once, when the route starts: a bad setting fails the start.
        service = endpoint.getComponent().resources().service();
        bodies = new ApplicationBodies(service.reader());
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String channelName = in.getHeader(CredenceConstants.CHANNEL, String.class);
        Channel channel = Channel.of(channelName != null ? channelName : endpoint.getChannel());
        String requestedBy = in.getHeader(CredenceConstants.REQUESTED_BY, endpoint.getRequestedBy(), String.class);
        if (requestedBy != null && requestedBy.isBlank()) {
            requestedBy = null;
        }
        ApplicationBodies.Read read = bodies.read(exchange);
        ServiceOutcome outcome = read instanceof ApplicationBodies.Readable r
                ? service.decide(channel, r.input().rawInput(), r.input().tree(), requestedBy)
                : service.reject(channel, null, List.of(((ApplicationBodies.Unreadable) read).violation()), requestedBy);
        // The lines written for this exchange after the decision returned name it too (the reply, the file move).
        DecisionUnitOfWork.carry(exchange, outcome.decisionId(), outcome.record().entry().applicationId());
        DecisionAnswers.write(exchange.getMessage(), outcome, endpoint.getOutputType(), endpoint.isFailOnRejection());
    }
}
