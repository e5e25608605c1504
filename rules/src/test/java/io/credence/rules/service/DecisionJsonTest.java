package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DecisionJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(AuditRecord record) {
        return JSON.readTree(DecisionJson.text(DecisionJson.of(record)));
    }

    @Test
    void aDecisionSaysHowItsReasonsWereComputedAndEachAttributionsError() {
        JsonNode d = json(new AuditRecord(1, AuditFixtures.explained(1, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0625),
                null, "0".repeat(64), "1".repeat(64), null));

        assertEquals("BASELINE_SHAPLEY", d.get("explanation").get("method").asString());
        assertFalse(d.get("explanation").get("exact").asBoolean());
        assertEquals(0.0625, d.get("explanation").get("maxError").asDouble());
        assertEquals("credit-default", d.get("explanation").get("model").asString());
        assertEquals("1.1.0", d.get("explanation").get("version").asString());
        assertEquals(0.0625, d.get("attributions").get(0).get("error").asDouble());
    }

    @Test
    void anErrorThatWasNotStatedIsLeftOutAsIsTheExplanationOfADecisionWithoutOne() {
        JsonNode occlusion = json(new AuditRecord(1, AuditFixtures.explained(1, "REFER", ExplanationMethod.OCCLUSION, Double.NaN),
                null, "0".repeat(64), "1".repeat(64), null));
        JsonNode plain = json(new AuditRecord(2, AuditFixtures.decided(2, "DECLINE", "1.0.0"), null, "0".repeat(64),
                "1".repeat(64), null));

        assertEquals("OCCLUSION", occlusion.get("explanation").get("method").asString());
        assertFalse(occlusion.get("explanation").has("maxError"), occlusion.toString());
        assertFalse(occlusion.get("attributions").get(0).has("error"), occlusion.toString());
        assertFalse(plain.has("explanation"), plain.toString());
        assertTrue(plain.get("attributions").get(0).has("contribution"));
        assertFalse(plain.get("attributions").get(0).has("error"));
    }

    @Test
    void theTextWrittenFromTheFieldsIsTheTextOfTheTree() {
        AuditRecord explained = new AuditRecord(7, AuditFixtures.explained(7, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY,
                0.0625), null, "0".repeat(64), "1".repeat(64), null);
        AuditRecord unchained = new AuditRecord(8, AuditFixtures.decided(8, "APPROVE", "1.0.0"), null, "0".repeat(64), null,
                null);
        AuditEntry violations = new AuditEntry("dec-9", null, "rest", AuditFixtures.DAY_ONE, AuditFixtures.DAY_ONE, "{}",
                AuditEntry.Status.REJECTED, null, List.of(), List.of(), Map.of(), List.of(), null,
                List.of("{\"field\":\"$.amount\",\"value\":\"-1\",\"expected\":\"a positive number\"}", "not json {"));
        AuditRecord rejected = new AuditRecord(9, violations, null, "0".repeat(64), "2".repeat(64), null);

        for (AuditRecord r : List.of(explained, unchained, rejected)) {
            assertEquals(DecisionJson.text(DecisionJson.of(r)), DecisionJson.text(r));
            ServiceOutcome replayed = new ServiceOutcome.Replayed(r);
            assertEquals(DecisionJson.text(DecisionJson.of(replayed)), DecisionJson.text(replayed));
            assertTrue(DecisionJson.text(replayed).endsWith(",\"replayed\":true}"), DecisionJson.text(replayed));
        }
        assertTrue(DecisionJson.text(unchained).indexOf("receipt") < 0, "no receipt without a record hash");
        assertTrue(DecisionJson.text(rejected).contains("\"errors\":[{\"field\":\"$.amount\""), DecisionJson.text(rejected));
        ServiceOutcome failed = new ServiceOutcome.Failed("boom", rejected);
        assertEquals(DecisionJson.text(DecisionJson.of(failed)), DecisionJson.text(failed));
    }
}
