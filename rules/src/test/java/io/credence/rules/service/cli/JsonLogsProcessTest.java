package io.credence.rules.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code credence.log.format=json} in a real {@code serve} process: every line it logs is one JSON
 * object, the lines of a decision's work carry its {@code decisionId} and {@code applicationId} in
 * the MDC, and no line holds what the applicant sent (marker values in personal fields, in a field
 * the schema refuses and in an unknown field's name).
 */
class JsonLogsProcessTest {

    static final Path EXAMPLES = Path.of("..", "docs", "examples");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String INCOME_MARKER = "4271.93";
    static final String STATUS_MARKER = "ZQX-MARKER-7731";
    static final String NAME_MARKER = "ZqxMarkerName";

    @TempDir
    Path dir;

    @Test
    void aDecisionsLogLinesAreJsonWithItsIdsAndWithoutPersonalData() throws Exception {
        // Set in the configuration file: the format switches once the settings are read.
        Path config = dir.resolve("credence.properties");
        Files.writeString(config, "credence.log.format=json\n", StandardCharsets.UTF_8);
        int port = ServeProcess.freePort();
        String approve = Files.readString(EXAMPLES.resolve("approve.json"), StandardCharsets.UTF_8);
        String decided = approve.replace("\"EXAMPLE-APPROVE-1\"", "\"LOG-1\"").replace("\"monthlyIncome\": 4200",
                "\"monthlyIncome\": " + INCOME_MARKER);
        String refused = approve.replace("\"EXAMPLE-APPROVE-1\"", "\"LOG-2\"").replace("\"EMPLOYED\"", "\"" + STATUS_MARKER + "\"");
        String unknown = approve.replace("\"EXAMPLE-APPROVE-1\"", "\"LOG-3\"").replace("\"termMonths\"",
                "\"" + NAME_MARKER + "\": 1, \"termMonths\"");
        assertTrue(decided.contains(INCOME_MARKER) && refused.contains(STATUS_MARKER) && unknown.contains(NAME_MARKER));
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        try (ServeProcess serve = ServeProcess.start(dir, List.of("--port", String.valueOf(port), "--audit-db",
                "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), "--config", config.toString()), Map.of())) {
            serve.await(() -> serve.output().contains("decision service listening on"), Duration.ofSeconds(180));
            HttpClient client = HttpClient.newHttpClient();
            for (Map.Entry<String, String> application : Map.of("LOG-1", decided, "LOG-2", refused, "LOG-3", unknown).entrySet()) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/decisions")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(application.getValue())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(application.getKey().equals("LOG-1") ? 200 : 400, answer.statusCode(), answer.body());
                ids.put(JSON.readTree(answer.body()).get("decisionId").asString(), application.getKey());
            }
            serve.await(() -> ids.keySet().stream().allMatch(id -> serve.output().contains("\"decisionId\":\"" + id + "\"")),
                    Duration.ofSeconds(30));
            String output = serve.output();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.isBlank() || line.startsWith("WARNING: ")) {
                    continue;   // the JVM's own warnings are not the service's log
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (JacksonException e) {
                    throw new AssertionError("a log line that is not JSON: " + line + "\n" + output);
                }
            }
            for (JsonNode line : lines) {
                assertTrue(line.has("level") && line.has("loggerName") && line.has("timestamp"), line.toString());
                assertFalse(line.has("arguments"), line.toString());
            }
            for (Map.Entry<String, String> id : ids.entrySet()) {
                List<JsonNode> ofDecision = lines.stream()
                        .filter(l -> id.getKey().equals(l.path("mdc").path("decisionId").asString(null))).toList();
                assertFalse(ofDecision.isEmpty(), id + "\n" + output);
                for (JsonNode line : ofDecision) {
                    assertEquals(id.getValue(), line.path("mdc").path("applicationId").asString(null), line.toString());
                }
            }
            assertTrue(lines.stream().anyMatch(l -> l.path("formattedMessage").asString("").equals("decided APPROVE (rest)")
                    && ids.containsKey(l.path("mdc").path("decisionId").asString(""))), output);
            for (String marker : List.of(INCOME_MARKER, STATUS_MARKER, NAME_MARKER)) {
                assertFalse(output.contains(marker), marker + " is in the log:\n" + output);
            }
        }
    }
}
