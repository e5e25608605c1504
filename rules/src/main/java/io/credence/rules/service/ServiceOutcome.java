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
}
