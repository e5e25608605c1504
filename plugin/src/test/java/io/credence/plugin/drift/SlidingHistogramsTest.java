package io.credence.plugin.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingHistogramsTest {

    @Test
    void keepsOnlyTheLastNObservations() {
        SlidingHistograms window = new SlidingHistograms(new int[] {3, 2}, 4, null);
        window.add(new int[] {0, 0}, 0);
        window.add(new int[] {0, 1}, 0);
        window.add(new int[] {1, -1}, 0);   // variable 1 not observed
        window.add(new int[] {2, 1}, 0);
        assertArrayEquals(new long[] {2, 1, 1}, window.counts(0, 0));
        assertArrayEquals(new long[] {1, 2}, window.counts(1, 0));
        window.add(new int[] {2, 0}, 0);    // the first observation leaves
        window.add(new int[] {2, 0}, 0);    // and the second
        assertEquals(4, window.size(0));
        assertArrayEquals(new long[] {0, 1, 3}, window.counts(0, 0));
        assertArrayEquals(new long[] {2, 1}, window.counts(1, 0));
    }

    @Test
    void forgetsObservationsOlderThanTheMaximumAge() {
        SlidingHistograms window = new SlidingHistograms(new int[] {2}, 100, Duration.ofMinutes(10));
        window.add(new int[] {0}, 0);
        window.add(new int[] {1}, Duration.ofMinutes(5).toMillis());
        assertEquals(2, window.size(Duration.ofMinutes(9).toMillis()));
        assertArrayEquals(new long[] {0, 1}, window.counts(0, Duration.ofMinutes(10).toMillis()));
        assertEquals(0, window.size(Duration.ofMinutes(20).toMillis()));
        assertArrayEquals(new long[] {0, 0}, window.counts(0, Duration.ofMinutes(20).toMillis()));
    }

    @Test
    void refusesABinThatDoesNotExist() {
        SlidingHistograms window = new SlidingHistograms(new int[] {2}, 10, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> window.add(new int[] {2}, 0));
        assertEquals("variable 0 has 2 bins, bin 2 does not exist", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlidingHistograms(new int[] {2}, 0, null));
    }
}
