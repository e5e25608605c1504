package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesWithEveryFailureUpToTheCapAndStartsOverAfterASuccess() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(3));

        List<Duration> pauses = Stream.generate(backoff::next).limit(6).toList();
        backoff.reset();

        assertEquals(List.of(500L, 1000L, 2000L, 3000L, 3000L, 3000L), pauses.stream().map(Duration::toMillis).toList());
        assertEquals(Duration.ofMillis(500), backoff.next());
    }

    @Test
    void aPauseEndsWhenItIsToldToStopWaiting() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();

        // An hour-long pause that is told to stop at the third check.
        RetryBackoff.sleep(Duration.ofHours(1), () -> asked.incrementAndGet() < 3);

        assertEquals(3, asked.get());
    }

    @Test
    void refusesACapBelowTheFirstPause() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals("backoff needs 0 < initial <= max, was initial PT2S, max PT1S", e.getMessage());
    }
}
