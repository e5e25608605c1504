package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.camel.CredenceComponent;
import io.credence.rules.camel.CredenceConstants;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.routes.KafkaMessages.Reply;
import io.credence.rules.service.routes.KafkaMessages.Source;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka channel: applications from one topic, decisions to another, rejections and failures
 * to an errors topic. Switched on with {@code credence.kafka.enabled=true}. The work is in
 * {@link KafkaMessages}; an application is decided through {@code credence:decide} ({@link #DECIDE}).
 *
 * <p>Delivery: at least once, with stable decision ids. A message's offset is committed only after
 * its audit record is durable and its reply was acknowledged by the broker ({@code acks=all},
 * idempotent producer). Whatever stops that (the audit log down or slow, the broker not
 * acknowledging within {@code deliveryTimeout}) leaves the offset uncommitted: the consumer pauses
 * ({@link RetryBackoff}, doubling up to {@code retryBackoffMax}), stops at the message
 * ({@code breakOnFirstError}: it commits what completed before it, reconnects and reads it again),
 * and the application read again is answered from its audit record with the same decision id.
 * A message that is bad by itself goes to the errors topic and never blocks its partition.
 */
public final class KafkaRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "decisions-kafka";

    /** Exchange property: the {@link Source} of the message being handled. */
    static final String SOURCE = "CredenceKafkaSource";
    /** How the route decides: the service's outcome as an object, a rejection being an answer too. */
    static final String DECIDE = "credence:decide?channel=kafka&outputType=object&failOnRejection=false";
    /** Exchange property: the reply was made before the decision (a message bad by itself). */
    static final String ANSWERED = "CredenceKafkaAnswered";
    /** Exchange property: the incoming message key. */
    static final String INCOMING_KEY = "CredenceKafkaKey";

    private final KafkaMessages messages;
    private final KafkaSettings settings;
    private final RetryBackoff backoff;

    public KafkaRoutes(KafkaMessages messages, KafkaSettings settings) {
        this.messages = messages;
        this.settings = settings;
        this.backoff = new RetryBackoff(settings.retryBackoff(), settings.retryBackoffMax());
    }

    @Override
    public void configure() {
        // The work cannot be done now (no durable record, or no acknowledged reply): nothing is
        // committed or lost. Pause, then let the consumer break out at this message and read it again.
        onException(AuditUnavailableException.class, KafkaException.class)
                .handled(false)
                .logExhausted(false)
                .process(this::pause);
        // Anything else is a fault of this message in this service: it becomes an error message and
        // the consumer moves on, so one message cannot block its partition.
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "${routeId} failed: ${exception.message}")
                .process(e -> setReply(e.getMessage(), messages.internalError(e.getProperty(INCOMING_KEY, String.class),
                        e.getProperty(SOURCE, Source.class))))
                .to(producer(settings.errorsTopic()));

        // The message checks here; the decision through the credence component, as any integrator's route.
        CredenceComponent.bind(getContext(), messages.service());
        from(consumer())
                .routeId(ROUTE_ID)
                .process(e -> {
                    Message in = e.getIn();
                    Source source = new Source(in.getHeader(KafkaConstants.TOPIC, String.class),
                            in.getHeader(KafkaConstants.PARTITION, Integer.class),
                            in.getHeader(KafkaConstants.OFFSET, Long.class));
                    String key = in.getHeader(KafkaConstants.KEY, String.class);
                    e.setProperty(SOURCE, source);
                    e.setProperty(INCOMING_KEY, key);
                    KafkaMessages.Admission admission = messages.admit(in.getBody(byte[].class), key, source);
                    if (admission.refused() != null) {
                        setReply(e.getMessage(), admission.refused());
                        e.setProperty(ANSWERED, true);
                    } else {
                        // Record headers come from whoever produced the message: none of them reaches the audit record.
                        CredenceConstants.removeAll(in);
                        in.setBody(admission.text());
                    }
                })
                .filter(exchangeProperty(ANSWERED).isNull())
                    .to(DECIDE)
                    .process(e -> setReply(e.getMessage(), messages.answer(e.getMessage().getBody(ServiceOutcome.class),
                            e.getProperty(INCOMING_KEY, String.class), e.getProperty(SOURCE, Source.class))))
                .end()
                // KafkaMessages chose the topic (decisions or errors); the header overrides this default.
                .to(producer(settings.decisionsTopic()))
                .process(e -> backoff.reset());
    }

    private String consumer() {
        return "kafka:" + settings.applicationsTopic() + "?brokers=" + settings.brokers()
                + "&groupId=" + settings.groupId() + "&autoOffsetReset=earliest"
                // Bytes as received: KafkaMessages decodes strictly; a deserializer could not fail a message.
                + "&valueDeserializer=" + ByteArrayDeserializer.class.getName()
                // Offsets are committed by the consumer only, after each poll and per partition, up to the
                // last message whose exchange completed. allowManualCommit with this factory selects
                // camel-kafka's synchronous commit manager; without a factory nothing would be committed.
                + "&autoCommitEnable=false&allowManualCommit=true"
                + "&kafkaManualCommitFactory=#class:" + DefaultKafkaManualCommitFactory.class.getName()
                // A failed exchange: commit what completed before it, reconnect, read it again.
                + "&breakOnFirstError=true"
                // An error while polling reconnects and reads from the committed offset (the default,
                // ERROR_HANDLER, would seek past the record).
                + "&pollOnError=RECONNECT";
    }

    private String producer(String topic) {
        long delivery = settings.deliveryTimeout().toMillis();
        // Kafka requires delivery.timeout.ms >= linger.ms (0) + request.timeout.ms.
        long request = Math.min(delivery, Duration.ofSeconds(30).toMillis());
        return "kafka:" + topic + "?brokers=" + settings.brokers()
                + "&requestRequiredAcks=all&enableIdempotence=true&maxInFlightRequest=5"
                + "&retries=" + Integer.MAX_VALUE + "&deliveryTimeoutMs=" + delivery
                // The exchange completes when the broker acknowledged the record (or the send failed),
                // and the consumer waits for that. Not synchronous=true: that wraps a failure in an
                // ExecutionException, which the onException(Exception) clause would match first.
                + "&requestTimeoutMs=" + request + "&maxBlockMs=" + delivery;
    }

    private static void setReply(Message message, Reply reply) {
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, reply.topic());
        if (reply.key() != null) {
            message.setHeader(KafkaConstants.KEY, reply.key());
        }
        if (reply.decisionId() != null) {
            message.setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
        }
        if (reply.replayed()) {
            message.setHeader(ServiceHeaders.IDEMPOTENT_REPLAYED, "true");
        }
        message.setBody(reply.value());
    }

    private void pause(Exchange e) {
        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Duration due = backoff.next();
        log.warn("{} is not committed and will be read again after a {} ms pause: {}", e.getProperty(SOURCE, Source.class),
                due.toMillis(), cause == null ? "unknown failure" : cause.getMessage());
        try {
            RetryBackoff.sleep(due, () -> e.getContext().getStatus().isStarted());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
