package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.load.DecisionClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service with its bundled model (no --models) decides docs/examples as their names say, over real HTTP. */
class BundledModelExamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theBundledModelApprovesRefersAndDeclinesTheDocumentedExamples() throws Exception {
        try (RunningService service = RunningService.start(null, "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(),
                "sa", "")) {
            for (Map.Entry<String, String> example : Map.of("approve.json", "APPROVE", "refer.json", "REFER",
                    "decline.json", "DECLINE").entrySet()) {
                String body = Files.readString(Path.of("..", "docs", "examples", example.getKey()), StandardCharsets.UTF_8);
                DecisionClient.Reply reply = service.client.post(body);
                assertEquals(200, reply.status(), reply.body());
                JsonNode decision = JSON.readTree(reply.body());
                assertEquals(example.getValue(), decision.path("decision").asText(), example.getKey() + ": " + decision);
                assertEquals("credit-default", decision.path("scores").path(0).path("model").asText(), decision.toString());
                assertEquals("1.0.0", decision.path("scores").path(0).path("version").asText(), decision.toString());
            }
        }
    }

    @Test
    void aDataSetCodeInsteadOfTheBusinessValueIsNeverScoredAndTheReferralNamesTheField() throws Exception {
        try (RunningService service = RunningService.start(null, "jdbc:h2:file:" + dir.resolve("codes").toAbsolutePath(),
                "sa", "")) {
            String body = Files.readString(Path.of("..", "docs", "examples", "approve.json"), StandardCharsets.UTF_8)
                    .replace("\"checkingAccount\": \"NONE\"", "\"checkingAccount\": \"A14\"")
                    .replace("EXAMPLE-APPROVE-1", "EXAMPLE-OLD-CODE-1");
            DecisionClient.Reply reply = service.client.post(body);
            assertEquals(200, reply.status(), reply.body());
            JsonNode decision = JSON.readTree(reply.body());
            assertEquals("REFER", decision.path("decision").asText(), decision.toString());
            assertEquals("MODEL_UNAVAILABLE", decision.path("reasons").path(0).path("code").asText(), decision.toString());
            String text = decision.path("reasons").path(0).path("text").asText();
            assertTrue(text.contains("checkingAccount") && text.contains("A14") && text.contains("[NEGATIVE, LOW, HIGH, NONE]"), text);
        }
    }
}
