package io.credence.rules.service.routes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Pauses that double with every failure in a row, up to a cap, and start over after a success.
 * Thread-safe.
 *
 * <pre>{@code
 * RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));
 * RetryBackoff.sleep(backoff.next(), () -> running);   // 500 ms, then 1 s, 2 s, ... 30 s, 30 s
 * backoff.reset();                                      // after a success: 500 ms again
 * }</pre>
 */
public final class RetryBackoff {

    /** Longest single sleep, so a pause notices quickly that it should end. */
    private static final long SLICE_MILLIS = 100;

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public RetryBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was initial " + initial + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The pause the next failure gets, and doubles the one after (up to the cap). */
    public synchronized Duration next() {
        Duration current = next;
        next = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return current;
    }

    /** After a success: the next failure pauses {@code initial} again. */
    public synchronized void reset() {
        next = initial;
    }

    /** Sleeps {@code pause}, or less when {@code keepWaiting} turns false (e.g. the service stops). */
    public static void sleep(Duration pause, BooleanSupplier keepWaiting) throws InterruptedException {
        long end = System.nanoTime() + pause.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0 && keepWaiting.getAsBoolean()) {
            Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }
}
