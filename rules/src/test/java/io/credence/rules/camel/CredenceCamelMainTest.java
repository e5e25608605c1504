package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.ServiceFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The folder-to-folder YAML route of docs/camel.md ({@code docs/examples/camel/decide-folder.yaml})
 * run by plain camel-main, the component configured by {@code camel.component.credence.*}
 * properties only: one answer file and one audit record per application.
 */
class CredenceCamelMainTest {

    static final Path ROUTE = Path.of("..", "docs", "examples", "camel", "decide-folder.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theDocumentedYamlRouteDecidesAFolderOfApplicationsIntoAFolderOfDecisions() throws Exception {
        Path models = dir.resolve("models");
        ServiceFixture.writeCreditDefault(models);
        Path inbox = Files.createDirectories(dir.resolve("applications"));
        Path outbox = dir.resolve("decisions");
        String auditUrl = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + ROUTE.toAbsolutePath().normalize());
        main.addInitialProperty("camel.component.credence.models-dir", models.toString());
        main.addInitialProperty("camel.component.credence.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        main.addInitialProperty("camel.component.credence.execution-provider", "cpu");
        main.addInitialProperty("camel.component.credence.audit-db", auditUrl);
        main.addInitialProperty("credence.example.inbox", inbox.toString());
        main.addInitialProperty("credence.example.outbox", outbox.toString());
        main.start();
        try {
            NotifyBuilder done = new NotifyBuilder(main.getCamelContext()).fromRoute("decide-folder").whenDone(3).create();
            Files.writeString(inbox.resolve("a-approve.json"), ServiceFixture.application("F-1", 0.1), StandardCharsets.UTF_8);
            Files.writeString(inbox.resolve("b-decline.json"), ServiceFixture.application("F-2", 0.5), StandardCharsets.UTF_8);
            Files.writeString(inbox.resolve("c-bad.json"), "{\"applicationId\": \"F-3\", \"termMonths\": 0}",
                    StandardCharsets.UTF_8);

            assertTrue(done.matches(120, TimeUnit.SECONDS), "three applications were not answered");
        } finally {
            main.stop();
        }

        Map<String, JsonNode> answers = new TreeMap<>();
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path f : files.toList()) {
                answers.put(f.getFileName().toString(), JSON.readTree(Files.readString(f)));
            }
        }
        assertEquals(List.of("a-approve.decision.json", "b-decline.decision.json", "c-bad.rejection.json"),
                List.copyOf(answers.keySet()));
        assertEquals("APPROVE", answers.get("a-approve.decision.json").get("decision").asString());
        assertEquals("DECLINE", answers.get("b-decline.decision.json").get("decision").asString());
        JsonNode rejection = answers.get("c-bad.rejection.json");
        assertTrue(rejection.get("violations").toString().contains("termMonths"), rejection.toString());
        List<AuditRows.Row> rows = AuditRows.read(auditUrl, "sa", "");
        assertEquals(3, rows.size());
        assertEquals(List.of("F-1", "F-2", "F-3"), rows.stream().map(AuditRows.Row::applicationId).sorted().toList());
        for (AuditRows.Row row : rows) {
            String file = row.applicationId().equals("F-3") ? "c-bad.rejection.json"
                    : row.applicationId().equals("F-1") ? "a-approve.decision.json" : "b-decline.decision.json";
            assertEquals(row.decisionId(), answers.get(file).get("decisionId").asString());
        }
    }
}
