package io.credence.rules.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = DecisionIds.at(millis, new SecureRandom());
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "RFC 9562 variant 10xx");
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        assertEquals(id, UUID.fromString(id.toString()));
    }

    @Test
    void sortsByTimeAsTextAcrossMilliseconds() {
        SecureRandom random = new SecureRandom();
        String earlier = DecisionIds.at(1_796_000_000_123L, random).toString();
        String later = DecisionIds.at(1_796_000_000_124L, random).toString();
        assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
    }

    @Test
    void concurrentCallersNeverGetTheSameId() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel().forEach(i -> ids.add(DecisionIds.next()));
        assertEquals(200_000, ids.size());
        Set<Integer> versions = new HashSet<>();
        ids.forEach(id -> versions.add(id.version()));
        assertEquals(Set.of(7), versions);
    }
}
