package io.credence.rules.audit;

import java.time.Instant;

/**
 * Search criteria for reviewers; null fields do not filter.
 *
 * @param from          decided at or after
 * @param to            decided before
 * @param outcome       APPROVE / REFER / DECLINE
 * @param status        DECIDED / REJECTED / FAILED
 * @param modelVersion  model version used
 * @param applicationId exact application id
 * @param limit         at most this many records (1..1000)
 */
public record AuditQuery(Instant from, Instant to, String outcome, AuditEntry.Status status, String modelVersion,
                         String applicationId, int limit) {

    public AuditQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
    }

    /** Every record of one application (at most 1000), newest first. */
    public static AuditQuery forApplication(String applicationId) {
        return new AuditQuery(null, null, null, null, null, applicationId, 1000);
    }
}
