package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.DecisionJson;
import java.util.List;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The Kafka channel: applications from one topic, decisions to another, rejections and failures
 * to an errors topic. Switched on with {@code credence.kafka.enabled=true}. The work is in
 * {@link KafkaMessages}.
 *
 * <p>When the audit log is unavailable the message is not acknowledged: the consumer stops at it
 * ({@code breakOnFirstError}) and reads it again on the next poll, so no application is lost and
 * no decision leaves without its record.
 */
public final class KafkaRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "decisions-kafka";

    private final KafkaMessages messages;
    private final String brokers;
    private final String applicationsTopic;
    private final String decisionsTopic;
    private final String errorsTopic;
    private final String groupId;

    public KafkaRoutes(KafkaMessages messages, String brokers, String applicationsTopic, String decisionsTopic,
                       String errorsTopic, String groupId) {
        this.messages = messages;
        this.brokers = brokers;
        this.applicationsTopic = applicationsTopic;
        this.decisionsTopic = decisionsTopic;
        this.errorsTopic = errorsTopic;
        this.groupId = groupId;
    }

    @Override
    public void configure() {
        // Retried in place a little, then left unhandled: the consumer seeks back to the message and
        // polls it again, so an outage backs off instead of spinning.
        onException(AuditUnavailableException.class)
                .maximumRedeliveries(2)
                .redeliveryDelay(500)
                .handled(false)
                .log(LoggingLevel.ERROR, "audit log unavailable, the application message will be read again: ${exception.message}");
        // The outermost handler: anything else becomes an error message; the consumer moves on.
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "${routeId} failed: ${exception.message}")
                .process(e -> {
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setBody(DecisionJson.text(DecisionJson.error(
                            "internal error; the application was not decided", null, List.of())));
                })
                .to("kafka:" + errorsTopic + "?brokers=" + brokers);

        from("kafka:" + applicationsTopic + "?brokers=" + brokers + "&groupId=" + groupId
                + "&autoOffsetReset=earliest&breakOnFirstError=true")
                .routeId(ROUTE_ID)
                .convertBodyTo(String.class)
                .process(e -> {
                    KafkaMessages.Reply reply = messages.handle(e.getIn().getBody(String.class),
                            e.getIn().getHeader(KafkaConstants.KEY, String.class),
                            e.getIn().getHeader(KafkaConstants.TOPIC, String.class),
                            e.getIn().getHeader(KafkaConstants.PARTITION, Integer.class),
                            e.getIn().getHeader(KafkaConstants.OFFSET, Long.class));
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, reply.topic());
                    if (reply.key() != null) {
                        e.getMessage().setHeader(KafkaConstants.KEY, reply.key());
                    }
                    e.getMessage().setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
                    e.getMessage().setBody(reply.value());
                })
                // KafkaMessages chose the topic (decisions or errors); the header overrides this default.
                .to("kafka:" + decisionsTopic + "?brokers=" + brokers);
    }
}
