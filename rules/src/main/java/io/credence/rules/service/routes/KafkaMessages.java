package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.Violation;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kafka channel without Kafka: one application message (its bytes as received) in, one message
 * out, to the decisions topic (decided) or the errors topic (rejected or failed). An error message is
 * the error body ({@code {error, decisionId, violations[]}}) plus {@code source} (topic, partition,
 * offset of the application message).
 *
 * <pre>{@code
 * KafkaMessages messages = new KafkaMessages(service, "credence.decisions", "credence.decision-errors", 65536);
 * Reply reply = messages.handle(record.value(), record.key(), new Source(topic, partition, offset));
 * }</pre>
 *
 * <p>A message that is bad by itself never reaches the audit log as text it cannot hold and never
 * fails: over {@code maxMessageBytes}, not UTF-8, or holding a NUL character (U+0000, which
 * PostgreSQL text cannot store), it is audited as REJECTED without its raw input (the source
 * coordinates say where it is) and answered on the errors topic; invalid JSON and schema violations
 * are rejected by the {@link DecisionService} as on every channel.
 *
 * <p>The same application read again (a redelivery) is answered from its audit record: the same
 * decision id, {@code "replayed": true}, and no second record.
 */
public final class KafkaMessages {

    private final DecisionService service;
    private final String decisionsTopic;
    private final String errorsTopic;
    private final int maxMessageBytes;

    public KafkaMessages(DecisionService service, String decisionsTopic, String errorsTopic, int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + maxMessageBytes);
        }
        this.service = service;
        this.decisionsTopic = decisionsTopic;
        this.errorsTopic = errorsTopic;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Where an application message was read.
     *
     * @param topic     its topic
     * @param partition its partition; null when unknown
     * @param offset    its offset; null when unknown
     */
    public record Source(String topic, Integer partition, Long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * @param topic      where it goes
     * @param key        message key: the application id when known, else the incoming key
     * @param value      the JSON message
     * @param decisionId the audit record's decision id (null only for an internal error)
     * @param replayed   true when this answers a message whose application was recorded before
     */
    public record Reply(String topic, String key, String value, String decisionId, boolean replayed) {
    }

    /**
     * Decides one message; {@link io.credence.rules.audit.AuditUnavailableException} propagates
     * (nothing may be published then, and the message must be read again).
     *
     * @param value the message value as received; null (a tombstone) is an empty input
     */
    public Reply handle(byte[] value, String key, Source source) {
        Admission admission = admit(value, key, source);
        return admission.refused() != null ? admission.refused()
                : answer(service.decide(Channel.KAFKA, admission.text()), key, source);
    }

    /**
     * A message before it is decided.
     *
     * @param refused the errors-topic reply to a message bad by itself (audited), else null
     * @param text    the message as text, to decide (null when refused)
     */
    public record Admission(Reply refused, String text) {
    }

    /**
     * Refuses a message that is bad by itself (over {@code maxMessageBytes}, not UTF-8, holding
     * NUL), audited without its bytes; else hands back its text to decide.
     */
    public Admission admit(byte[] value, String key, Source source) {
        byte[] bytes = value == null ? new byte[0] : value;
        if (bytes.length > maxMessageBytes) {
            return refused(refuse(bytes.length + " bytes", "a message of at most " + maxMessageBytes + " bytes"), key, source);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes, so the buffer cannot overflow.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            return refused(refuse(bytes.length + " bytes, not UTF-8 at byte " + in.position(), "UTF-8 text"), key, source);
        }
        String text = out.flip().toString();
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            return refused(refuse("a NUL character (U+0000) at character " + nul,
                    "text without NUL (U+0000) characters"), key, source);
        }
        return new Admission(null, text);
    }

    private Admission refused(ServiceOutcome outcome, String key, Source source) {
        return new Admission(answer(outcome, key, source), null);
    }

    /** The decision service behind this channel. */
    public DecisionService service() {
        return service;
    }

    /** The errors-topic message for a message the service failed on unexpectedly; nothing was decided. */
    public Reply internalError(String key, Source source) {
        ObjectNode body = DecisionJson.error("internal error; the application was not decided", null, List.of());
        putSource(body, source);
        return new Reply(errorsTopic, key, DecisionJson.text(body), null, false);
    }

    private ServiceOutcome refuse(String value, String expected) {
        return service.reject(Channel.KAFKA, null, List.of(new Violation(Violation.WHOLE_INPUT, value, expected)));
    }

    /** The reply to what became of a message's application: the decisions topic when decided, else the errors topic. */
    public Reply answer(ServiceOutcome outcome, String key, Source source) {
        String applicationId = outcome.record().entry().applicationId();
        String outKey = applicationId != null ? applicationId : key;
        // The stored status, not the outcome's type: a replay answers with what the first time was.
        if (outcome.record().entry().status() == AuditEntry.Status.DECIDED) {
            return new Reply(decisionsTopic, outKey, DecisionJson.text(outcome), outcome.decisionId(), outcome.replayed());
        }
        ObjectNode body = DecisionJson.of(outcome);
        putSource(body, source);
        return new Reply(errorsTopic, outKey, DecisionJson.text(body), outcome.decisionId(), outcome.replayed());
    }

    private static void putSource(ObjectNode body, Source source) {
        ObjectNode node = body.putObject("source");
        node.put("topic", source.topic());
        node.put("partition", source.partition());
        node.put("offset", source.offset());
    }
}
