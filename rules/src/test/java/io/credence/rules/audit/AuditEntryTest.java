package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void carriesADecisionResultIntoTheAuditEntry() {
        Instant decided = Instant.parse("2026-03-02T10:00:00.123456789Z");
        DecisionResult result = new DecisionResult("d-1", "a-1", Outcome.REFER,
                List.of(new Reason("REF_THIN_FILE", "Too little history.", Outcome.REFER, "thin file")), List.of(),
                Map.of("x", 0.5), List.of("thin file"), AuditFixtures.RULE_BASE, decided);

        AuditEntry entry = AuditEntry.ofDecision(result, "rest", decided.minusMillis(5), "{}");

        assertEquals("REFER", entry.outcome());
        assertEquals(AuditEntry.Status.DECIDED, entry.status());
        assertEquals(Instant.parse("2026-03-02T10:00:00.123456Z"), entry.decidedAt(), "kept to the microsecond");
        assertEquals(result.reasons(), entry.reasons());
    }

    @Test
    void requiresADecisionId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuditEntry(" ", null, "rest",
                null, Instant.now(), null, AuditEntry.Status.FAILED, null, null, null, null, null, null, null));
        assertTrue(e.getMessage().contains("decisionId is required, was blank"), e.getMessage());
    }

    @Test
    void requiresADecisionTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuditEntry("d-1", null,
                "rest", null, null, null, AuditEntry.Status.FAILED, null, null, null, null, null, null, null));
        assertTrue(e.getMessage().contains("decidedAt is required for decision d-1"), e.getMessage());
    }
}
