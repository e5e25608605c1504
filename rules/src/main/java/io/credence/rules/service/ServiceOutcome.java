package io.credence.rules.service;

import io.credence.rules.audit.AuditRecord;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.service.input.Violation;
import java.util.List;

/** What became of one application that reached the service; each one was audited as {@link #record()}. */
public sealed interface ServiceOutcome {

    /** The audit record written for it. */
    AuditRecord record();

    default String decisionId() {
        return record().entry().decisionId();
    }

    /**
     * True when the identical application had been decided before: this outcome is that earlier
     * record, returned again, and nothing new was decided or written (idempotency).
     */
    default boolean replayed() {
        return false;
    }

    /** Decided by the policy. */
    record Decided(DecisionResult result, AuditRecord record) implements ServiceOutcome {
    }

    /** The input broke the contract; nothing was decided. */
    record Rejected(List<Violation> violations, AuditRecord record) implements ServiceOutcome {
        public Rejected {
            violations = List.copyOf(violations);
        }
    }

    /** The service failed internally; nothing was decided. The message is safe to show (no stack trace). */
    record Failed(String message, AuditRecord record) implements ServiceOutcome {
    }

    /**
     * The identical input (same {@code applicationId}, same canonical content) reached the service
     * again: the stored record of the first time is the answer; no second record was written. Its
     * {@code record().entry().status()} says what the first time was (DECIDED or REJECTED).
     */
    record Replayed(AuditRecord record) implements ServiceOutcome {
        @Override
        public boolean replayed() {
            return true;
        }
    }
}
