package io.credence.rules.security.access;

import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * An access log in memory, the newest {@value #CAPACITY} events: for audit logs that are not a
 * database (tests, embedding). Lost at a restart; the service uses {@link JdbcAccessLog}.
 *
 * <pre>{@code
 * AccessLog access = new MemoryAccessLog();
 * }</pre>
 */
public final class MemoryAccessLog implements AccessLog {

    static final int CAPACITY = 10_000;

    private final Deque<AccessEvent> events = new ArrayDeque<>();

    @Override
    public synchronized void record(AccessEvent event) {
        events.addFirst(event);
        if (events.size() > CAPACITY) {
            events.removeLast();
        }
    }

    @Override
    public synchronized List<AccessEvent> recent(int limit) {
        List<AccessEvent> newest = new ArrayList<>(Math.min(limit, events.size()));
        Iterator<AccessEvent> it = events.iterator();
        while (it.hasNext() && newest.size() < limit) {
            newest.add(it.next());
        }
        return newest;
    }
}
