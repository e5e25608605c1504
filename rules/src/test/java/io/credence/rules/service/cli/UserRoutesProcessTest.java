package io.credence.rules.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrator's route of docs/camel.md, exactly as shipped in {@code docs/examples/camel}, run by
 * {@code serve --routes} in a JVM of its own: applications dropped into a folder come out as one
 * decision (or rejection) file each, and the audit store holds exactly one record per application,
 * also for a file dropped twice.
 */
class UserRoutesProcessTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TempDir
    Path dir;

    @Test
    void theDocumentedFolderRouteDecidesEveryApplicationOnceThroughCredenceDecide() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path outbox = dir.resolve("outbox");
        Path config = dir.resolve("route.properties");
        Files.writeString(config, "credence.example.inbox=" + inbox.toAbsolutePath() + "\n"
                + "credence.example.outbox=" + outbox.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        String auditDb = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        Path route = EXAMPLES.resolve("camel").resolve("decide-folder.yaml").toAbsolutePath().normalize();
        try (ServeProcess serve = ServeProcess.start(dir, List.of("--port", String.valueOf(ServeProcess.freePort()),
                "--audit-db", auditDb, "--config", config.toString(), "--routes", "file:" + route))) {
            serve.await(() -> serve.output().contains("decision service listening on"), Duration.ofSeconds(180));
            for (String name : List.of("approve", "refer", "decline")) {
                Files.copy(EXAMPLES.resolve(name + ".json"), inbox.resolve(name + ".json"));
            }
            Files.writeString(inbox.resolve("broken.json"), "{\"applicationId\":\"BROKEN-1\",\"applicantAge\":\"old\"}",
                    StandardCharsets.UTF_8);
            serve.await(() -> files(outbox).size() == 4, Duration.ofSeconds(120));
            // The same application again, under another name: answered from its record, not decided twice.
            Files.copy(EXAMPLES.resolve("approve.json"), inbox.resolve("approve-again.json"));
            serve.await(() -> files(outbox).size() == 5, Duration.ofSeconds(60));
        }
        Map<String, String> out = new TreeMap<>();
        for (Path p : files(outbox)) {
            out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
        assertEquals(List.of("approve-again.decision.json", "approve.decision.json", "broken.rejection.json",
                "decline.decision.json", "refer.decision.json"), List.copyOf(out.keySet()));
        assertTrue(out.get("approve.decision.json").contains("\"APPROVE\""), out.get("approve.decision.json"));
        assertTrue(out.get("refer.decision.json").contains("\"REFER\""), out.get("refer.decision.json"));
        assertTrue(out.get("decline.decision.json").contains("\"DECLINE\""), out.get("decline.decision.json"));
        assertTrue(out.get("approve-again.decision.json").contains("\"replayed\":true"), out.get("approve-again.decision.json"));
        assertTrue(out.get("broken.rejection.json").contains("applicantAge"), out.get("broken.rejection.json"));

        Map<String, Integer> records = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(auditDb + ";IFEXISTS=TRUE", "sa", "");
             PreparedStatement p = c.prepareStatement(
                     "SELECT application_id, channel, COUNT(*) FROM audit_record GROUP BY application_id, channel");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                assertEquals("camel", rs.getString(2), "channel of " + rs.getString(1));
                records.put(rs.getString(1), rs.getInt(3));
            }
        }
        assertEquals(Map.of("BROKEN-1", 1, "EXAMPLE-APPROVE-1", 1, "EXAMPLE-DECLINE-1", 1, "EXAMPLE-REFER-1", 1), records);
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
