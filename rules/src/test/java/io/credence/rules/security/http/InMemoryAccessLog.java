package io.credence.rules.security.http;

import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import java.util.ArrayList;
import java.util.List;

/** An access log for tests: keeps every event in memory. */
public final class InMemoryAccessLog implements AccessLog {

    private final List<AccessEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(AccessEvent event) {
        events.add(event);
    }

    @Override
    public synchronized List<AccessEvent> recent(int limit) {
        List<AccessEvent> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    public synchronized List<AccessEvent> all() {
        return List.copyOf(events);
    }
}
