package io.credence.rules.notice;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditRecord;
import java.time.Instant;

/** A creditor, and stored records of {@link AuditFixtures} entries, for the notice tests. */
public final class NoticeFixtures {

    public static final NoticeSettings LENDER = NoticeSettings.of("First Example Bank",
            "1 Main Street|Springfield, IL 62701", "Federal Trade Commission",
            "Consumer Response Center|600 Pennsylvania Avenue NW|Washington, DC 20580", "UTC");

    /** The policy reason of {@link AuditFixtures#decided}, as recorded. */
    public static final String POLICY_REASON = "The applicant's debt <b>&</b> \"income\" ratio was checked.";
    /** Its model reason (RC01), as recorded. */
    public static final String MODEL_REASON = "Status or balance of existing checking account";

    private NoticeFixtures() {
    }

    /** A declined (or referred) application whose attributions are exact baseline Shapley values, as stored. */
    public static AuditRecord stored(int n, String outcome) {
        return stored(AuditFixtures.explained(n, outcome, ExplanationMethod.BASELINE_SHAPLEY, 0.0), n, null);
    }

    public static AuditRecord stored(AuditEntry entry, long sequence, Instant erasedAt) {
        return new AuditRecord(sequence, entry, null, "0".repeat(64), String.format("%064x", sequence), erasedAt,
                "cd".repeat(32));
    }
}
