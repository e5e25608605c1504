package io.credence.rules.service.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import io.credence.rules.service.cli.CredenceService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The service on camel-main: camel.* settings, Camel's health checks, the integrator's YAML routes. */
class CamelMainServiceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    ServiceSettings settings(int port) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        return ServiceSettings.load(s, Map.of());
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> states(JsonNode health) {
        Map<String, String> states = new HashMap<>();
        StreamSupport.stream(health.get("checks").spliterator(), false)
                .forEach(c -> states.put(c.get("name").asText(), c.get("state").asText()));
        return states;
    }

    @Test
    void readinessIsCamelsHealthChecksWithTheServicesOwnAndFollowsTheAuditStore() throws Exception {
        int port = freePort();
        InMemoryAuditLog audit = new InMemoryAuditLog();
        try (ServiceRuntime service = ServiceRuntime.start(settings(port), Map.of(), store -> audit, List.of(), null)) {
            JsonNode ready = JSON.readTree(get(port, "/health/ready").body());
            assertEquals("UP", ready.get("status").asText(), ready.toString());
            Map<String, String> states = states(ready);
            assertEquals("UP", states.get(ServiceHealthChecks.MODELS), ready.toString());
            assertEquals("UP", states.get(ServiceHealthChecks.RULE_BASE), ready.toString());
            assertEquals("UP", states.get(ServiceHealthChecks.AUDIT_STORE), ready.toString());
            assertEquals("UP", states.get("context"), "Camel's own check is asked too: " + ready);
            assertTrue(ready.get("ruleBase").asText().contains("credence"), ready.toString());
            assertTrue(ready.has("models"), "the details stay where /health always had them: " + ready);

            audit.goDown();
            HttpResponse<String> down = get(port, "/health/ready");
            HttpResponse<String> alias = get(port, "/health");
            HttpResponse<String> live = get(port, "/health/live");

            assertEquals(503, down.statusCode());
            assertEquals("1", down.headers().firstValue("Retry-After").orElseThrow());
            JsonNode body = JSON.readTree(down.body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("DOWN", states(body).get(ServiceHealthChecks.AUDIT_STORE), body.toString());
            assertEquals("UP", states(body).get(ServiceHealthChecks.MODELS));
            assertEquals(503, alias.statusCode());
            assertEquals(200, live.statusCode(), live.body());
            JsonNode liveness = JSON.readTree(live.body());
            assertEquals("UP", states(liveness).get("context"), live.body());
            assertTrue(!states(liveness).containsKey(ServiceHealthChecks.AUDIT_STORE), "a store outage is not death: " + live.body());
        }
    }

    @Test
    void camelSettingsConfigureCamelMain() throws Exception {
        int port = freePort();
        try (ServiceRuntime service = ServiceRuntime.start(settings(port), Map.of("camel.main.shutdownTimeout", "7",
                "camel.main.name", "ignored-the-service-names-itself"), store -> new InMemoryAuditLog(), List.of(), null)) {
            assertEquals(7, service.camel().getShutdownStrategy().getTimeout());
        }
    }

    @Test
    void theIntegratorsYamlRoutesRunNextToTheServicesAndSeeItsSettings() throws Exception {
        int port = freePort();
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("ping.yaml"), """
                - route:
                    id: integrator-ping
                    from:
                      uri: platform-http:/integrator/ping
                      steps:
                        - setBody:
                            simple: "pong from {{credence.http.host}}"
                """);
        try (ServiceRuntime service = ServiceRuntime.start(settings(port),
                Map.of(RoutesPattern.KEY, "file:" + routes + "/*.yaml", "credence.http.host", "127.0.0.1"),
                store -> new InMemoryAuditLog(), List.of(), null)) {
            HttpResponse<String> ping = get(port, "/integrator/ping");
            HttpResponse<String> ready = get(port, "/health/ready");

            assertEquals(200, ping.statusCode());
            assertEquals("pong from 127.0.0.1", ping.body());
            assertEquals(200, ready.statusCode(), "the built-in routes answer as well: " + ready.body());
            assertTrue(service.camel().getRoute("integrator-ping") != null);
        }
    }

    @Test
    void aRouteThatFailsToLoadIsNamedAndNothingIsLeftStarted() throws Exception {
        int port = freePort();
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("good.yaml"), """
                - route:
                    from:
                      uri: platform-http:/integrator/good
                      steps:
                        - setBody:
                            constant: ok
                """);
        Files.writeString(routes.resolve("broken.yaml"), """
                - route:
                    from:
                      uri: platform-http:/integrator/broken
                      steps:
                        - noSuchStep: {}
                """);
        InMemoryAuditLog audit = new InMemoryAuditLog();
        RoutesRefusedException e = assertThrows(RoutesRefusedException.class, () -> ServiceRuntime.start(settings(port),
                Map.of(RoutesPattern.KEY, "file:" + routes + "/*.yaml"), store -> audit, List.of(), null));

        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
        assertThrows(ConnectException.class, () -> get(port, "/health/live"), "the HTTP server is not left listening");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port is free");
        }
        assertTrue(audit.closed(), "the audit store opened for the start is closed");
    }

    @Test
    void serveExitsWithTheRoutesCodeNamingTheFolderBeforeOpeningAnything() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new CredenceService()).setErr(new PrintWriter(err)).execute("serve",
                "--audit-db", "jdbc:h2:file:" + dir.resolve("never-opened"), "--routes", "file:" + dir.resolve("none") + "/*.yaml");

        assertEquals(RoutesRefusedException.EXIT_CODE, exit);
        assertTrue(err.toString().contains("no such folder " + dir.resolve("none")), err.toString());
        assertTrue(!Files.exists(dir.resolve("never-opened.mv.db")), "no audit store was opened");
    }
}
