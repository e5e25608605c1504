package io.credence.rules.notice;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditRecord;
import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.service.ServiceFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * The model of {@link ServiceFixture} (probability = sigmoid(risk_signal)) with a reference applicant
     * at 10 %, so that a decline or referral by the model is explained: its principal reason then comes
     * from the reason-code table's row for {@code risk_signal}.
     */
    public static Path writeExplainedModel(Path root) {
        return ModelPackages.write(root, ModelPackages.card("credit-default", "1.0.0",
                List.of(FeatureSpec.numeric("risk_signal", 0, 1)))
                        .withReference(Map.of("risk_signal", ServiceFixture.signalFor(0.10))),
                TestOnnxModels.logistic("features", new float[] {1f}, 0f, "probability", Map.of()));
    }

    public static AuditRecord stored(AuditEntry entry, long sequence, Instant erasedAt) {
        return new AuditRecord(sequence, entry, null, "0".repeat(64), String.format("%064x", sequence), erasedAt,
                "cd".repeat(32));
    }
}
