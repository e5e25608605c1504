package io.credence.rules.security.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in browsers of one service instance, in memory: a session lives until it is signed
 * out, its user is removed, or no request came for the idle timeout. A restart signs everybody
 * out; two instances behind one address need sticky routing (or each signs in separately).
 *
 * <pre>{@code
 * SessionStore sessions = new SessionStore(Clock.systemUTC(), Duration.ofMinutes(15), new SecureRandom());
 * Session s = sessions.open("alice");
 * Optional<Session> again = sessions.find(s.id());   // and it was seen now
 * sessions.end(s.id());
 * }</pre>
 */
public final class SessionStore {

    /** At most this many sessions at once; beyond it the ones idle longest are ended first. */
    static final int MAX_SESSIONS = 10_000;

    private final Clock clock;
    private final Duration idleTimeout;
    private final Tokens tokens;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SessionStore(Clock clock, Duration idleTimeout, java.security.SecureRandom random) {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("credence.security.session-idle-timeout must be positive, was " + idleTimeout);
        }
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.tokens = new Tokens(random);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A new session of a user, with its own random id and CSRF token. */
    public Session open(String user) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> expired(s, now));
            while (sessions.size() >= MAX_SESSIONS) {
                sessions.values().stream().min(java.util.Comparator.comparing(Session::lastSeen))
                        .ifPresent(oldest -> sessions.remove(oldest.id()));
            }
        }
        Session session = new Session(tokens.next(), user, tokens.next(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of an id, marked as seen now; an idle one is ended instead. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session[] found = new Session[1];
        sessions.computeIfPresent(id, (k, s) -> {
            if (expired(s, now)) {
                return null;
            }
            found[0] = s.seen(now);
            return found[0];
        });
        return Optional.ofNullable(found[0]);
    }

    /** Ends a session; true when there was one. */
    public boolean end(String id) {
        return id != null && sessions.remove(id) != null;
    }

    /** Ends every session of a user (removed from the users file). */
    public void endAll(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }

    /** How many sessions are open (idle ones not yet noticed included). */
    public int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idleTimeout));
    }
}
