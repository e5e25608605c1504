package io.credence.rules.security;

import java.util.List;

/**
 * Who looked at what: every view of a decision (page or API), every reveal of personal data with
 * its reason, every sign-in and failed sign-in. Kept in the audit store, under the same retention
 * as the decisions.
 */
public interface AccessLog {

    /** Records one event; durable when it returns. */
    void record(AccessEvent event);

    /** The newest events first, at most {@code limit}. */
    List<AccessEvent> recent(int limit);

    /**
     * One page of the log: the newest events first after skipping the {@code offset} newest, at
     * most {@code limit}. Stores override it to page in the database.
     */
    default List<AccessEvent> recent(int offset, int limit) {
        List<AccessEvent> newest = recent(offset + limit);
        return newest.size() <= offset ? List.of() : List.copyOf(newest.subList(offset, newest.size()));
    }
}
