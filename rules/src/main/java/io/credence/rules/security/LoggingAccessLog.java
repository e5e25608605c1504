package io.credence.rules.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log of a service that has no durable one configured: every event is one INFO line of
 * the logger {@value #LOGGER} (durable as far as the log is), and the newest {@value #KEPT} are
 * kept in memory for {@link #recent}. The durable log in the audit store replaces it.
 *
 * <pre>{@code
 * AccessLog log = new LoggingAccessLog();
 * log.record(new AccessEvent(Instant.now(), "loan-portal", "view-decision", decisionId, "api"));
 * }</pre>
 */
public final class LoggingAccessLog implements AccessLog {

    /** The logger the events are written to. */
    public static final String LOGGER = "credence.access";
    /** Events kept in memory. */
    public static final int KEPT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Deque<AccessEvent> newestFirst = new ArrayDeque<>();

    @Override
    public void record(AccessEvent event) {
        LOG.info("at={} principal={} action={} decision={} detail={}", event.at(), event.principal(), event.action(),
                event.decisionId(), event.detail());
        synchronized (newestFirst) {
            newestFirst.addFirst(event);
            if (newestFirst.size() > KEPT) {
                newestFirst.removeLast();
            }
        }
    }

    @Override
    public List<AccessEvent> recent(int limit) {
        synchronized (newestFirst) {
            return new ArrayList<>(newestFirst).subList(0, Math.min(Math.max(limit, 0), newestFirst.size()));
        }
    }
}
