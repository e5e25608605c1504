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
}
