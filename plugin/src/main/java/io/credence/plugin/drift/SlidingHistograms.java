package io.credence.plugin.drift;

import java.time.Duration;

/**
 * Histograms of several variables over a sliding window: the last {@code capacity} observations,
 * and (when {@code maxAge} is set) none older than it. One observation is one application: the bin
 * of each variable, or -1 where a variable was not observed. Adding is O(variables) under one lock
 * and allocates nothing; the window is a ring buffer and the counts are kept up to date as
 * observations enter and leave it.
 *
 * <pre>{@code
 * SlidingHistograms window = new SlidingHistograms(new int[] {10, 4}, 1_000, Duration.ofMinutes(60));
 * window.add(new int[] {3, 1}, clock.millis());
 * long[][] counts = window.counts(clock.millis());
 * }</pre>
 */
public final class SlidingHistograms {

    private final int[] bins;
    private final int capacity;
    private final long maxAgeMillis;
    private final int[][] ring;
    private final long[] times;
    private final long[][] counts;
    private int head;
    private int size;

    /**
     * @param bins     the number of bins of each variable
     * @param capacity the most observations kept
     * @param maxAge   the oldest observation kept, or null for a window by count only
     */
    public SlidingHistograms(int[] bins, int capacity, Duration maxAge) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window holds at least 1 observation, was " + capacity);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("a window's maximum age must be positive, was " + maxAge);
        }
        this.bins = bins.clone();
        this.capacity = capacity;
        this.maxAgeMillis = maxAge == null ? Long.MAX_VALUE : maxAge.toMillis();
        this.ring = new int[capacity][bins.length];
        this.times = new long[capacity];
        this.counts = new long[bins.length][];
        for (int v = 0; v < bins.length; v++) {
            counts[v] = new long[bins[v]];
        }
    }

    /** Adds one observation made at {@code nowMillis}: {@code observed[v]} is variable v's bin, or -1. */
    public synchronized void add(int[] observed, long nowMillis) {
        if (observed.length != bins.length) {
            throw new IllegalArgumentException("an observation has " + bins.length + " variables, was " + observed.length);
        }
        expire(nowMillis);
        if (size == capacity) {
            remove((head - size + capacity) % capacity);
            size--;
        }
        int[] slot = ring[head];
        for (int v = 0; v < observed.length; v++) {
            int b = observed[v];
            if (b >= bins[v]) {
                throw new IllegalArgumentException("variable " + v + " has " + bins[v] + " bins, bin " + b + " does not exist");
            }
            slot[v] = b;
            if (b >= 0) {
                counts[v][b]++;
            }
        }
        times[head] = nowMillis;
        head = (head + 1) % capacity;
        size++;
    }

    /** The counts per variable and bin of the observations in the window at {@code nowMillis} (a copy). */
    public synchronized long[][] counts(long nowMillis) {
        expire(nowMillis);
        long[][] copy = new long[counts.length][];
        for (int v = 0; v < counts.length; v++) {
            copy[v] = counts[v].clone();
        }
        return copy;
    }

    /** Variable {@code v}'s counts at {@code nowMillis} (a copy). */
    public synchronized long[] counts(int v, long nowMillis) {
        expire(nowMillis);
        return counts[v].clone();
    }

    /** Observations in the window at {@code nowMillis}. */
    public synchronized int size(long nowMillis) {
        expire(nowMillis);
        return size;
    }

    private void expire(long nowMillis) {
        if (maxAgeMillis == Long.MAX_VALUE) {
            return;
        }
        while (size > 0) {
            int oldest = (head - size + capacity) % capacity;
            if (nowMillis - times[oldest] < maxAgeMillis) {
                return;
            }
            remove(oldest);
            size--;
        }
    }

    private void remove(int slot) {
        int[] old = ring[slot];
        for (int v = 0; v < old.length; v++) {
            if (old[v] >= 0) {
                counts[v][old[v]]--;
            }
        }
    }
}
