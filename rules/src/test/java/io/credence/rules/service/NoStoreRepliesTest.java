package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.logs.DecisionUnitOfWork;
import io.credence.rules.service.routes.RestRoutes;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every reply that may hold a decision, personal data or the service's state says
 * {@code Cache-Control: no-store} through the running service (Camel's HTTP header filter drops the
 * header unless the service lets it out).
 */
class NoStoreRepliesTest {

    @TempDir
    Path dir;

    @Test
    void everySensitiveReplyOfTheRunningServiceSaysNoStore() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.execution-provider", "cpu");
        // A first append on a loaded machine may take longer than the default: this test is about headers.
        s.put("credence.audit.append-timeout", "30s");
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            HttpResponse<String> decided = client.send(HttpRequest.newBuilder(URI.create(base + RestRoutes.DECISIONS_PATH))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("NS-1", 0.9))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, decided.statusCode(), decided.body());
            String id = JsonMapper.builder().build().readTree(decided.body()).get("decisionId").asString();
            Map<String, HttpResponse<String>> replies = new LinkedHashMap<>();
            replies.put("POST decision", decided);
            replies.put("POST rejected", client.send(HttpRequest.newBuilder(URI.create(base + RestRoutes.DECISIONS_PATH))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            for (String path : new String[] {RestRoutes.DECISIONS_PATH + "/" + id, RestRoutes.DECISIONS_PATH + "/" + id
                    + "/proof", RestRoutes.DECISIONS_PATH + "/" + id + "/notice", "/audit", "/audit/decisions/" + id,
                    "/metrics", "/health/ready"}) {
                replies.put("GET " + path, client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }

            assertEquals(200, decided.statusCode(), decided.body());
            assertTrue(DecisionUnitOfWork.installedIn(service.camel()), "and the decision ids on the lines after a decision");
            replies.forEach((what, reply) -> assertEquals("no-store", reply.headers().firstValue("Cache-Control")
                    .orElse("(none)"), what + " answered " + reply.statusCode() + " " + reply.headers().map()));
        }
    }
}
