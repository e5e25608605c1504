package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The bundled behaviour model decides applications with a repayment history over every channel:
 * a service on the bundled models (no --models) takes the same late-paying applicant over REST,
 * Kafka (a real KRaft broker in this JVM) and a JSONL file; each decision is scored by both models,
 * referred by the score matrix on the history score, and explained month by month.
 */
class BehaviourModelChannelsTest {

    @TempDir
    Path dir;

    /**
     * docs/examples/history.json under another id: the applicant of approve.json (SCORED-APPROVE of
     * the shipped scenarios) with a credit limit and six months of growing arrears.
     */
    static String lateApplicant(String id) throws java.io.IOException {
        String example = Files.readString(Path.of("..", "docs", "examples", "history.json"), StandardCharsets.UTF_8);
        return example.replace("\"EXAMPLE-HISTORY-1\"", "\"" + id + "\"").replace("\n", " ");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aLatePayingHistoryIsReferredOnTheBehaviourScoreOverRestKafkaAndFileAndExplainedByMonth() throws Exception {
        int port = freePort();
        TestKafka.Topics topics = TestKafka.topics("behaviour");
        Path inbox = Files.createDirectories(dir.resolve("in"));
        Path outbox = Files.createDirectories(dir.resolve("out"));
        Map<String, String> s = ServiceFixture.loopbackSettings(port, dir);   // no models folder: the bundled models
        s.put("credence.file.enabled", "true");
        s.put("credence.file.input", inbox.toString());
        s.put("credence.file.output", outbox.toString());
        s.put("credence.kafka.enabled", "true");
        s.put("credence.kafka.brokers", TestKafka.brokers());
        s.put("credence.kafka.applications-topic", topics.applications());
        s.put("credence.kafka.decisions-topic", topics.decisions());
        s.put("credence.kafka.errors-topic", topics.errors());
        s.put("credence.kafka.group-id", "behaviour");
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/decisions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(lateApplicant("HISTORY-REST-1"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, rest.statusCode(), rest.body());
            JsonNode restAnswer = ServiceFixture.READER.mapper().readTree(rest.body());

            TestKafka.send(topics.applications(), List.of(TestKafka.message("h1", lateApplicant("HISTORY-KAFKA-1"))));
            List<ConsumerRecord<String, String>> fromKafka = TestKafka.read(topics.decisions(), 1);
            JsonNode kafkaAnswer = ServiceFixture.READER.mapper().readTree(fromKafka.get(0).value());

            Path staging = Files.writeString(inbox.resolve("history.jsonl.tmp"), lateApplicant("HISTORY-FILE-1") + "\n",
                    StandardCharsets.UTF_8);
            Files.move(staging, inbox.resolve("history.jsonl"));
            Path results = outbox.resolve("history.jsonl.results.jsonl");
            TestKafka.await("the file's results", () -> Files.isRegularFile(results));
            JsonNode fileAnswer = ServiceFixture.READER.mapper().readTree(
                    Files.readAllLines(results, StandardCharsets.UTF_8).get(0)).get("decision");

            for (JsonNode answer : List.of(restAnswer, kafkaAnswer, fileAnswer)) {
                String id = answer.get("applicationId").asString();
                assertEquals("REFER", answer.get("decision").asString(), answer.toString());
                assertEquals("HISTORY_HIGH_RISK_REVIEW", answer.get("reasons").get(0).get("code").asString(), id);
                AuditEntry entry = service.audit().find(answer.get("decisionId").asString()).orElseThrow().entry();
                assertEquals(List.of("behaviour-default", "credit-default"),
                        entry.scores().stream().map(ScoreSummary::model).sorted().toList(), id);
                double history = entry.scores().stream().filter(sc -> sc.model().equals("behaviour-default"))
                        .findFirst().orElseThrow().value();
                assertTrue(history > 0.55, "the history score is above its decline cut-off: " + history);
                String explained = answer.get("explanation").get("model").asString();
                assertEquals("behaviour-default", explained, "the referring score is the one explained");
                JsonNode month = null;
                for (JsonNode r : answer.get("principalReasons")) {
                    if (r.get("code").asString().equals("RC20")) {
                        month = r;
                    }
                }
                assertTrue(month != null, "a month of the repayment status is a principal reason: " + answer);
                assertTrue(month.get("text").asString().matches("Repayment status [0-9] in month [1-6] of the last 6.*"),
                        month.toString());
            }
            assertEquals(List.of("rest", "kafka", "file"), List.of(restAnswer, kafkaAnswer, fileAnswer).stream()
                    .map(a -> service.audit().find(a.get("decisionId").asString()).orElseThrow().entry().channel())
                    .toList());
        }
    }
}
