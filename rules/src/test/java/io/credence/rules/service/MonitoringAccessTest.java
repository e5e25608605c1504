package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.drift.VersionSnapshot;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring page in the running service with the bundled model (whose card has training
 * distributions), behind API keys: decisions over REST feed the drift monitor, a caller without
 * the review role is refused, and every view by a reviewer is in the access log.
 */
class MonitoringAccessTest {

    @TempDir
    static Path dir;
    static ServiceRuntime service;
    static String base;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String PORTAL = ApiKey.newKey();
    static final String AUDITOR = ApiKey.newKey();

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("api-keys.json");
        ApiKeyFile.write(keys, List.of(ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), PORTAL),
                ApiKey.of("auditor", Set.of(Role.REVIEW), Instant.now(), AUDITOR)));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.execution-provider", "cpu");
        s.put("credence.security.api-keys", keys.toString());
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.drift.min-applications", "3");
        service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        request.header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void decisionsFeedTheMonitorAndOnlyReviewersSeeThePageEachViewLogged() throws Exception {
        Path examples = Path.of("..", "docs", "examples");
        int decided = 0;
        for (String example : List.of("approve", "refer", "decline")) {
            String json = Files.readString(examples.resolve(example + ".json"));
            for (int i = 0; i < 2; i++) {
                String body = json.replaceFirst("\"applicationId\"\\s*:\\s*\"[^\"]*\"",
                        "\"applicationId\": \"drift-" + example + "-" + i + "\"");
                HttpResponse<String> r = send("POST", "/api/v1/decisions", PORTAL, body);
                assertEquals(200, r.statusCode(), r.body());
                decided++;
            }
        }
        VersionSnapshot v = service.drift().snapshot().versions().stream()
                .filter(x -> x.id().equals("credit-default@1.0.0")).findFirst().orElseThrow();
        assertEquals(decided, v.applications());
        assertTrue(service.metrics().scrape().contains(
                "credence_drift_window_applications{model=\"credit-default\",version=\"1.0.0\"} " + decided + ".0"));
        assertTrue(service.metrics().scrape().contains("credence_drift_psi{model=\"credit-default\",variable=\"ageYears\""));

        HttpResponse<String> refused = send("GET", "/audit/monitoring", PORTAL, null);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(viewsBy("api-key:loan-portal").isEmpty());

        HttpResponse<String> page = send("GET", "/audit/monitoring", AUDITOR, null);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"model-credit-default-1.0.0\""), page.body());
        assertTrue(page.body().contains("data-applications=\"" + decided + "\""), page.body());
        send("GET", "/audit/monitoring", AUDITOR, null);
        assertEquals(2, viewsBy("api-key:auditor").size());
    }

    private static List<AccessEvent> viewsBy(String principal) {
        return service.accessLog().recent(100).stream()
                .filter(e -> e.action().equals("view-monitoring") && e.principal().equals(principal)).toList();
    }
}
