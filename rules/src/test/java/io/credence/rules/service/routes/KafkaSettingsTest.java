package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.ServiceSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void theDefaultsAreValid() {
        KafkaSettings kafka = ServiceSettings.load(Map.of("credence.kafka.enabled", "true")).kafka();

        assertEquals(65536, kafka.maxMessageBytes());
        assertEquals(Duration.ofMillis(500), kafka.retryBackoff());
        assertEquals(Duration.ofSeconds(30), kafka.retryBackoffMax());
        assertEquals(Duration.ofSeconds(30), kafka.deliveryTimeout());
    }

    @Test
    void aBackoffCapBelowTheFirstPauseNamesBothKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(Map.of(
                "credence.kafka.enabled", "true", "credence.kafka.retry-backoff", "2s", "credence.kafka.retry-backoff-max", "1s")));
        assertEquals("credence.kafka.retry-backoff-max must be at least credence.kafka.retry-backoff (PT2S), was PT1S",
                e.getMessage());
    }

    @Test
    void aPauseAndPublishLongerThanTheConsumerMayBeSilentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(Map.of(
                "credence.kafka.enabled", "true", "credence.kafka.retry-backoff-max", "2m", "credence.kafka.delivery-timeout", "1m")));
        assertTrue(e.getMessage().contains("max.poll.interval.ms"), e.getMessage());
    }

    @Test
    void aMessageLimitBelowOneByteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(Map.of(
                "credence.kafka.enabled", "true", "credence.kafka.max-message-bytes", "0")));
        assertEquals("credence.kafka.max-message-bytes must be at least 1, was 0", e.getMessage());
    }
}
