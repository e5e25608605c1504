package io.credence.rules.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The document as assembled from its template, and the checker the conformance test relies on. */
class OpenApiDocumentTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DECIDED_200 = "/paths/~1api~1v1~1decisions/post/responses/200/content/application~1json/schema";
    static final String REJECTED_400 = "/paths/~1api~1v1~1decisions/post/responses/400/content/application~1json/schema";

    @Test
    void theApplicationSchemaIsInsertedOnceFromTheFileTheServiceValidatesWith() {
        OpenApiDocument api = OpenApiDocument.load();
        assertEquals("Credence loan application", api.tree().at("/components/schemas/LoanApplication/title").asString());
        assertEquals(List.of("post"), api.operations().get("/api/v1/decisions"));
        assertEquals(List.of("get"), api.operations().get("/api/v1/decisions/{id}/proof"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> OpenApiDocument.of(
                api.text(), "{\"type\": \"object\"}"));
        assertTrue(twice.getMessage().contains("components.schemas.LoanApplication is inserted from"), twice.getMessage());
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> OpenApiDocument.of(
                "{\"openapi\": \"3.0.3\", \"paths\": {}}", "{}"));
        assertTrue(old.getMessage().contains("openapi must be 3.1.x"), old.getMessage());
    }

    @Test
    void theCheckerRefusesBodiesThatDoNotMatchTheDocumentedSchema() {
        DocumentedResponses responses = new DocumentedResponses(OpenApiDocument.load().tree());
        // An error body with a number for its text, and one with a field the schema does not have.
        assertFalse(responses.errors("/components/schemas/Error", json("{\"error\": 5, \"violations\": []}")).isEmpty());
        assertFalse(responses.errors("/components/schemas/Error",
                json("{\"error\": \"x\", \"violations\": [], \"stackTrace\": \"at ...\"}")).isEmpty());
        assertTrue(responses.errors("/components/schemas/Error", json("{\"error\": \"x\", \"violations\": ["
                + "{\"field\": \"/applicantAge\", \"value\": \"-3\", \"expected\": \"at least 0\"}]}")).isEmpty());
        // A DECIDED record without its decision, through the $ref of the operation's 200.
        assertFalse(responses.errors(DECIDED_200, json("{\"decisionId\": \"d\", \"applicationId\": \"a\", \"status\":"
                + " \"DECIDED\", \"channel\": \"rest\", \"decidedAt\": \"2026-01-01T00:00:00Z\"}")).isEmpty());
        // The 400 is an error body or a stored rejection (a replay); neither is a health answer.
        assertFalse(responses.errors(REJECTED_400, json("{\"status\": \"UP\"}")).isEmpty());
        assertTrue(responses.errors(REJECTED_400, json("{\"decisionId\": \"d\", \"applicationId\": null, \"status\":"
                + " \"REJECTED\", \"channel\": \"rest\", \"decidedAt\": \"2026-01-01T00:00:00Z\", \"errors\": ["
                + "{\"field\": \"$\", \"value\": null, \"expected\": \"JSON\"}], \"replayed\": true}")).isEmpty());
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
