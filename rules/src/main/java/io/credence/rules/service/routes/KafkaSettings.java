package io.credence.rules.service.routes;

import java.time.Duration;

/**
 * Where the Kafka channel reads and writes, and how long it waits.
 *
 * <pre>{@code
 * new KafkaRoutes(new KafkaMessages(service, settings.decisionsTopic(), settings.errorsTopic(),
 *         settings.maxMessageBytes()), settings);
 * }</pre>
 *
 * @param brokers           bootstrap servers
 * @param applicationsTopic applications in
 * @param decisionsTopic    decisions out
 * @param errorsTopic       rejections and failures out
 * @param groupId           consumer group; offsets are committed under it
 * @param maxMessageBytes   larger application messages are rejected (to the errors topic)
 * @param retryBackoff      first pause after the audit log or the broker refused a message; doubles
 *                          with every refusal in a row
 * @param retryBackoffMax   longest pause
 * @param deliveryTimeout   longest a decision (or error) message may take to be acknowledged by the
 *                          broker, retries included, before the message counts as not published
 */
public record KafkaSettings(String brokers, String applicationsTopic, String decisionsTopic, String errorsTopic,
                            String groupId, int maxMessageBytes, Duration retryBackoff, Duration retryBackoffMax,
                            Duration deliveryTimeout) {

    /**
     * The consumer leaves its group when it does not poll for this long (Kafka's
     * {@code max.poll.interval.ms} default); one message's pause plus one publish must stay well below it.
     */
    static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    public KafkaSettings {
        if (brokers == null || brokers.isBlank()) {
            throw new IllegalArgumentException("credence.kafka.brokers is required, was " + brokers);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("credence.kafka.max-message-bytes must be at least 1, was " + maxMessageBytes);
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("credence.kafka.retry-backoff must be positive, was " + retryBackoff);
        }
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("credence.kafka.retry-backoff-max must be at least credence.kafka.retry-backoff ("
                    + retryBackoff + "), was " + retryBackoffMax);
        }
        if (deliveryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("credence.kafka.delivery-timeout must be at least 1ms, was " + deliveryTimeout);
        }
        if (retryBackoffMax.plus(deliveryTimeout).compareTo(MAX_POLL_INTERVAL.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("credence.kafka.retry-backoff-max (" + retryBackoffMax
                    + ") plus credence.kafka.delivery-timeout (" + deliveryTimeout + ") must be at most "
                    + MAX_POLL_INTERVAL.dividedBy(2) + ", so the consumer polls within Kafka's max.poll.interval.ms ("
                    + MAX_POLL_INTERVAL + ") and keeps its partitions");
        }
    }
}
