package io.credence.rules.camel;

import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.logs.DecisionUnitOfWork;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * {@code credence:decide}: one application per exchange through the {@link DecisionService} (one
 * audit record each, or the earlier one for a replay), answered by {@link DecisionAnswers}.
 * {@link io.credence.rules.audit.AuditUnavailableException} fails the exchange: nothing was decided.
 * When the exchange carries a {@link CredenceConstants#CONTINUATION} executor (and a {@link
 * CredenceConstants#BLOCKING} one), the calling thread is let go once the record is handed to the
 * audit log's group commit, and the exchange goes on, on the continuation, when the record is
 * durable ({@link DecisionService#decideAsync}).
 */
final class DecideProducer extends DefaultAsyncProducer {

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
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getIn();
        String channelName = in.getHeader(CredenceConstants.CHANNEL, String.class);
        Channel channel = Channel.of(channelName != null ? channelName : endpoint.getChannel());
        String requestedBy = in.getHeader(CredenceConstants.REQUESTED_BY, endpoint.getRequestedBy(), String.class);
        if (requestedBy != null && requestedBy.isBlank()) {
            requestedBy = null;
        }
        Executor continuation = exchange.getProperty(CredenceConstants.CONTINUATION, Executor.class);
        Executor blocking = exchange.getProperty(CredenceConstants.BLOCKING, Executor.class);
        try {
            ApplicationBodies.Read read = bodies.read(exchange);
            if (continuation != null && blocking != null && read instanceof ApplicationBodies.Readable r) {
                service.decideAsync(channel, r.input().rawInput(), r.input().tree(), requestedBy, continuation, blocking)
                        .whenComplete((outcome, failure) -> {
                            try {
                                if (failure == null) {
                                    answer(exchange, outcome);
                                } else {
                                    exchange.setException(failure instanceof CompletionException && failure.getCause() != null
                                            ? failure.getCause() : failure);
                                }
                            } catch (RuntimeException e) {
                                exchange.setException(e);
                            }
                            callback.done(false);
                        });
                return false;
            }
            answer(exchange, read instanceof ApplicationBodies.Readable r
                    ? service.decide(channel, r.input().rawInput(), r.input().tree(), requestedBy)
                    : service.reject(channel, null, List.of(((ApplicationBodies.Unreadable) read).violation()), requestedBy));
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void answer(Exchange exchange, ServiceOutcome outcome) {
        // The lines written for this exchange after the decision returned name it too (the reply, the file move).
        DecisionUnitOfWork.carry(exchange, outcome.decisionId(), outcome.record().entry().applicationId());
        DecisionAnswers.write(exchange.getMessage(), outcome, endpoint.getOutputType(), endpoint.isFailOnRejection());
    }
}
