package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.AuditRecord;
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
}
