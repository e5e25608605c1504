package io.credence.rules.security.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lock-out after repeated failed sign-ins: after {@code maxFailures} failures for one name, or
 * from one address, within {@code window}, every sign-in for that name or from that address is
 * refused for {@code lockout}, right password or not. Names that do not exist are counted like
 * names that do, so a lock-out tells nothing about which names exist.
 *
 * <pre>{@code
 * SignInThrottle throttle = new SignInThrottle(clock, 5, Duration.ofMinutes(15), Duration.ofMinutes(15));
 * if (!throttle.locked(name, address)) { ... check the password ... }
 * throttle.failed(name, address);
 * }</pre>
 */
public final class SignInThrottle {

    /** The defaults: 5 failures within 15 minutes lock for 15 minutes. */
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** Past this many tracked names and addresses, the ones with nothing recent are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;

    private static final class Track {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
    }

    private final Map<String, Track> tracks = new HashMap<>();

    public SignInThrottle(Clock clock) {
        this(clock, MAX_FAILURES, WINDOW, LOCKOUT);
    }

    public SignInThrottle(Clock clock, int maxFailures, Duration window, Duration lockout) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
    }

    /** Whether sign-ins for this name or from this address are refused now. */
    public synchronized boolean locked(String name, String address) {
        Instant now = clock.instant();
        return locked(nameKey(name), now) || locked(addressKey(address), now);
    }

    /** Counts a failure against the name and the address. */
    public synchronized void failed(String name, String address) {
        Instant now = clock.instant();
        count(nameKey(name), now);
        count(addressKey(address), now);
        if (tracks.size() > PRUNE_ABOVE) {
            tracks.values().removeIf(t -> !locked(t, now) && (t.failures.isEmpty()
                    || !t.failures.peekLast().isAfter(now.minus(window))));
        }
    }

    /** A successful sign-in clears the name's failures (not the address's: one good account must not unlock guessing others). */
    public synchronized void succeeded(String name) {
        tracks.remove(nameKey(name));
    }

    private void count(String key, Instant now) {
        Track t = tracks.computeIfAbsent(key, k -> new Track());
        if (locked(t, now)) {
            return;
        }
        t.failures.addLast(now);
        while (!t.failures.isEmpty() && !t.failures.peekFirst().isAfter(now.minus(window))) {
            t.failures.removeFirst();
        }
        if (t.failures.size() >= maxFailures) {
            t.lockedUntil = now.plus(lockout);
            t.failures.clear();
        }
    }

    private boolean locked(String key, Instant now) {
        Track t = tracks.get(key);
        return t != null && locked(t, now);
    }

    private static boolean locked(Track t, Instant now) {
        return t.lockedUntil != null && now.isBefore(t.lockedUntil);
    }

    private static String nameKey(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        // Longer than any valid name: counted under its first characters, so junk cannot fill memory.
        return "name:" + (n.length() > 100 ? n.substring(0, 100) : n);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
