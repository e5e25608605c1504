package io.credence.rules.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's health check against a real HTTP server on loopback that answers as the service would. */
class HealthProbeTest {

    private HttpServer server;
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, String> authorizationByPath = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizationByPath.put(path, authorization == null ? "" : authorization);
            int status = statusByPath.getOrDefault(path, 404);
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String port() {
        return String.valueOf(server.getAddress().getPort());
    }

    private int probe(List<String> args, Map<String, String> env) {
        return HealthProbe.run(args, env, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String said() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void healthyWhenLivenessAnswers200OnThePortTheEnvironmentGives() {
        statusByPath.put("/health/live", 200);

        assertEquals(0, probe(List.of(), Map.of("CREDENCE_HTTP_PORT", port())));
        assertEquals("", authorizationByPath.get("/health/live"), "liveness is asked without credentials");
        assertTrue(said().startsWith("HEALTHY: 200 from http://127.0.0.1:" + port() + "/health/live"), said());
    }

    @Test
    void unhealthyWhenTheServiceAnswersAnythingBut200() {
        for (int status : new int[] {503, 401, 500, 302}) {
            statusByPath.put("/health/live", status);
            assertEquals(1, probe(List.of("--port", port()), Map.of()), "status " + status);
        }
    }

    @Test
    void unhealthyWhenNothingListens() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertEquals(1, probe(List.of("--port", String.valueOf(closed)), Map.of()));
        assertTrue(said().startsWith("UNHEALTHY: http://127.0.0.1:" + closed + "/health/live: "), said());
    }

    @Test
    void readinessSendsTheKeyFromTheFileAsBearerAndNeverPrintsIt(@TempDir Path dir) throws IOException {
        statusByPath.put("/health/ready", 200);
        Path keyFile = Files.writeString(dir.resolve("health-key"), "crd_secretHealthKey\n");

        assertEquals(0, probe(List.of("--ready", "--key-file", keyFile.toString()), Map.of("CREDENCE_HTTP_PORT", port())));
        assertEquals("Bearer crd_secretHealthKey", authorizationByPath.get("/health/ready"));
        assertFalse(said().contains("crd_secretHealthKey"), said());

        statusByPath.put("/health/ready", 503);
        assertEquals(1, probe(List.of("--ready", "--key-file", keyFile.toString(), "--port", port()), Map.of()));
    }

    @Test
    void aMissingOrEmptyKeyFileIsNamedAndUnhealthy(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        assertEquals(1, probe(List.of("--ready", "--key-file", missing.toString()), Map.of("CREDENCE_HTTP_PORT", port())));
        assertEquals("UNHEALTHY: --key-file " + missing + ": no such file" + System.lineSeparator(), said());

        output.reset();
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertEquals(1, probe(List.of("--key-file", empty.toString()), Map.of()));
        assertTrue(said().contains("--key-file " + empty + ": expected one API key, the file holds nothing"), said());
        assertTrue(authorizationByPath.isEmpty(), "nothing was asked");
    }

    @Test
    void aBadPortOrArgumentIsNamedWithWhatWasExpected() {
        assertEquals(1, probe(List.of(), Map.of("CREDENCE_HTTP_PORT", "eighty")));
        assertTrue(said().contains("CREDENCE_HTTP_PORT: expected a port 1..65535, got 'eighty'"), said());

        output.reset();
        assertEquals(1, probe(List.of("--port", "70000"), Map.of()));
        assertTrue(said().contains("--port: expected a port 1..65535, got '70000'"), said());

        output.reset();
        assertEquals(1, probe(List.of("--host", "example.org"), Map.of()));
        assertTrue(said().contains("unknown argument --host, expected --ready, --port PORT or --key-file FILE"), said());

        output.reset();
        assertEquals(1, probe(List.of("--port"), Map.of()));
        assertTrue(said().contains("--port: expected a value after it"), said());
    }
}
