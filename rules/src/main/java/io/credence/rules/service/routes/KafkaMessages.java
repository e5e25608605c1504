package io.credence.rules.service.routes;

import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kafka channel without Kafka: one application message in, one message out, to the
 * decisions topic (decided) or the errors topic (rejected or failed). An error message is the
 * error body ({@code {error, decisionId, violations[]}}) plus {@code source} (topic, partition,
 * offset of the application message).
 */
public final class KafkaMessages {

    private final DecisionService service;
    private final String decisionsTopic;
    private final String errorsTopic;

    public KafkaMessages(DecisionService service, String decisionsTopic, String errorsTopic) {
        this.service = service;
        this.decisionsTopic = decisionsTopic;
        this.errorsTopic = errorsTopic;
    }

    /**
     * @param topic      where it goes
     * @param key        message key: the application id when known, else the incoming key
     * @param value      the JSON message
     * @param decisionId the audit record's decision id
     */
    public record Reply(String topic, String key, String value, String decisionId) {
    }

    /** Decides one message; {@link io.credence.rules.audit.AuditUnavailableException} propagates. */
    public Reply handle(String value, String key, String sourceTopic, Integer partition, Long offset) {
        ServiceOutcome outcome = service.decide(Channel.KAFKA, value == null ? "" : value);
        String applicationId = outcome.record().entry().applicationId();
        String outKey = applicationId != null ? applicationId : key;
        ObjectNode body = DecisionJson.of(outcome);
        if (outcome instanceof ServiceOutcome.Decided) {
            return new Reply(decisionsTopic, outKey, DecisionJson.text(body), outcome.decisionId());
        }
        ObjectNode source = body.putObject("source");
        source.put("topic", sourceTopic);
        source.put("partition", partition);
        source.put("offset", offset);
        return new Reply(errorsTopic, outKey, DecisionJson.text(body), outcome.decisionId());
    }
}
