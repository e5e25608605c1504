package io.credence.rules.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a running service over real HTTP, on an H2 audit store: scraped before and
 * after some decisions and rejections, the counters moved by exactly what was sent.
 */
class MetricsHttpTest {

    static final String DECISIONS = "credence_decisions_total";
    final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    ServiceSettings settings(String name, int port) throws Exception {
        Path models = Files.createDirectories(dir.resolve(name).resolve("models"));
        ServiceFixture.writeCreditDefault(models);
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.models.dir", models.toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(models.getParent()).toString());
        s.put("credence.models.micro-batch", "8");
        s.put("credence.execution-provider", "cpu");
        // A cold first decision on a busy machine must not be a 503: the bound is not what is tested here.
        s.put("credence.audit.append-timeout", "30s");
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve(name).resolve("audit").toAbsolutePath());
        return ServiceSettings.load(s, Map.of());
    }

    HttpResponse<String> post(int port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> metrics(int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Scrape scrape(int port) throws Exception {
        HttpResponse<String> r = metrics(port);
        assertEquals(200, r.statusCode(), r.body());
        return Scrape.parse(r.body());
    }

    @Test
    void countersMoveByExactlyTheDecisionsAndRejectionsSentOverHttp() throws Exception {
        int port = freePort();
        try (ServiceRuntime service = ServiceRuntime.start(settings("one", port), AuditLogFactory.JDBC)) {
            HttpResponse<String> first = metrics(port);
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    first.headers().map().toString());
            Scrape before = Scrape.parse(first.body());

            int approved = 4;
            int declined = 2;
            for (int i = 0; i < approved; i++) {
                assertEquals(200, post(port, ServiceFixture.application("app-ok-" + i, 0.02)).statusCode());
            }
            for (int i = 0; i < declined; i++) {
                assertEquals(200, post(port, ServiceFixture.application("app-bad-" + i, 0.95)).statusCode());
            }
            // Two rejections: a value out of range, and an unknown field whose name and value are personal data.
            String tooLong = ServiceFixture.application("app-term", 0.02).replace("\"termMonths\": 24", "\"termMonths\": 9999");
            assertEquals(400, post(port, tooLong).statusCode());
            String unknown = ServiceFixture.application("app-pii", 0.02).replace("{\"applicationId\"",
                    "{\"customerName_MariaMusterfrau\": \"DE89370400440532013000\", \"applicationId\"");
            assertEquals(400, post(port, unknown).statusCode());

            HttpResponse<String> last = metrics(port);
            Scrape after = Scrape.parse(last.body());
            int decided = approved + declined;
            int rejected = 2;
            assertEquals(approved, delta(before, after, DECISIONS + "{channel=\"rest\",outcome=\"approve\"}"), last.body());
            assertEquals(declined, delta(before, after, DECISIONS + "{channel=\"rest\",outcome=\"decline\"}"), last.body());
            assertEquals(rejected, delta(before, after, DECISIONS + "{channel=\"rest\",outcome=\"rejected\"}"), last.body());
            assertEquals(decided + rejected, after.sum(DECISIONS) - before.sum(DECISIONS), last.body());
            assertEquals(1, delta(before, after, "credence_rejected_inputs_total{channel=\"rest\",reason=\"termMonths\"}"));
            assertEquals(1, delta(before, after, "credence_rejected_inputs_total{channel=\"rest\",reason=\"other\"}"));
            assertEquals(rejected, after.sum("credence_rejected_inputs_total") - before.sum("credence_rejected_inputs_total"));
            assertFalse(last.body().contains("MariaMusterfrau") || last.body().contains("DE8937"),
                    "no input field name or value becomes a tag");

            // The latency histogram: one observation per answer, with buckets.
            assertEquals(decided + rejected, delta(before, after, "credence_decision_duration_seconds_count{channel=\"rest\"}"));
            assertEquals(decided + rejected, delta(before, after,
                    "credence_decision_duration_seconds_bucket{channel=\"rest\",le=\"+Inf\"}"));
            // Every decided application's score, per model version and role (champion when unrouted), in percent:
            // 2 % at most 5, 95 % above 90.
            String score = "credence_model_score_percent_%s{model=\"credit-default\",role=\"champion\",version=\"1.0.0\"%s}";
            assertEquals(decided, delta(before, after, score.formatted("count", "")));
            assertEquals(approved, delta(before, after, score.formatted("bucket", ",le=\"5.0\"")));
            assertEquals(approved, delta(before, after, score.formatted("bucket", ",le=\"90.0\"")));
            assertEquals(approved * 2 + declined * 95, delta(before, after, score.formatted("sum", "")), 1e-3, "float32 model");
            // Micro-batching on, one caller at a time: one one-row ONNX call per decided application.
            assertEquals(decided, delta(before, after, "credence_model_batch_rows_count{model=\"credit-default\",version=\"1.0.0\"}"));
            assertEquals(decided, delta(before, after, "credence_model_batch_rows_sum{model=\"credit-default\",version=\"1.0.0\"}"));
            // A decline is explained.
            assertTrue(after.sum("credence_explanation_duration_seconds_count") - before.sum("credence_explanation_duration_seconds_count")
                    >= declined, last.body());
            // Every answer is one durable audit record: appends timed, records committed in at least one transaction.
            int records = decided + rejected;
            assertEquals(records, delta(before, after, "credence_audit_append_duration_seconds_count"));
            assertEquals(records, delta(before, after, "credence_audit_group_commit_records_sum"));
            double commits = delta(before, after, "credence_audit_group_commit_records_count");
            assertTrue(commits >= 1 && commits <= records, "commits: " + commits);
            assertEquals(0, after.sum("credence_audit_failures_total"));
            assertEquals(0, after.value("credence_kafka_consumer_lag_records"), "no Kafka channel, no lag gauge");
            assertFalse(last.body().contains("credence_kafka_consumer_lag_records"));
        }
    }

    @Test
    void twoServicesInOneJvmCountApart() throws Exception {
        int portA = freePort();
        int portB = freePort();
        try (ServiceRuntime a = ServiceRuntime.start(settings("a", portA), AuditLogFactory.JDBC);
             ServiceRuntime b = ServiceRuntime.start(settings("b", portB), AuditLogFactory.JDBC)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, post(portA, ServiceFixture.application("a-" + i, 0.02)).statusCode());
            }
            assertEquals(200, post(portB, ServiceFixture.application("b-0", 0.02)).statusCode());
            assertEquals(3, scrape(portA).sum(DECISIONS));
            assertEquals(1, scrape(portB).sum(DECISIONS));
            assertEquals(3, scrape(portA).value("credence_audit_group_commit_records_sum"));
            assertEquals(1, scrape(portB).value("credence_audit_group_commit_records_sum"));
            assertFalse(a.metrics().registry() == b.metrics().registry());
        }
    }

    static double delta(Scrape before, Scrape after, String series) {
        return after.value(series) - before.value(series);
    }
}
