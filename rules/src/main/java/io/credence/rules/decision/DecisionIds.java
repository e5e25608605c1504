package io.credence.rules.decision;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Decision identifiers: time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds,
 * then 74 random bits), so that audit records sort by when they were decided and database
 * indexes on the id grow at one end instead of everywhere.
 *
 * <p>The random bits come from one {@link SecureRandom} per thread: {@link UUID#randomUUID()}
 * shares one generator behind a lock, which with many concurrent decisions became the most
 * contended lock in the service (measured in docs/benchmarks.md).
 */
public final class DecisionIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(DecisionIds::newRandom);

    private DecisionIds() {
    }

    /** A new identifier. */
    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM.get());
    }

    /** A version 7 UUID for {@code epochMillis} with random bits from {@code random}. */
    static UUID at(long epochMillis, SecureRandom random) {
        long randA = random.nextInt() & 0xFFFL;
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
