package io.credence.rules.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service started as an operator would, in a JVM of its own, with a known audit password from
 * a file and HTTPS from a PKCS#12 keystore (an EC key) whose password is in another file; then decisions, an
 * invalid request, a 404, health, the audit page, and 503s once the audit store is unreachable.
 * Neither password appears in any log line, response body or response header. The default host
 * is loopback only.
 */
class SecretsStayHiddenTest {

    @TempDir
    Path dir;

    @Test
    void neitherPasswordAppearsInLogsPagesOrHeaders() throws Exception {
        String auditPassword = "Audit-" + UUID.randomUUID();
        SelfSignedCertificate certificate = SelfSignedCertificate.make(dir.resolve("tls"), "EC");
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        // The audit store: an H2 database created with user sa and the password, served over TCP so that the test can
        // make it unreachable.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").resolve("audit"), "sa", auditPassword)) {
            c.createStatement().execute("SELECT 1");
        }
        int dbPort = ServeProcess.freePort();
        Server db = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-baseDir", dir.resolve("db").toString()).start();
        Path auditPasswordFile = Files.writeString(dir.resolve("audit-password"), auditPassword + "\n");
        Path keystorePasswordFile = Files.writeString(dir.resolve("keystore-password"), certificate.password() + "\n");

        int port = ServeProcess.freePort();
        List<String> args = List.of("--port", Integer.toString(port), "--models", dir.resolve("models").toString(), "--trusted-keys",
                io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString(),
                "--execution-provider", "cpu",
                "--audit-db", "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/audit", "--audit-user", "sa",
                "--audit-password-file", auditPasswordFile.toString(),
                "--tls-keystore", certificate.keystore().toString(),
                "--tls-keystore-password-file", keystorePasswordFile.toString(),
                "-Dcredence.audit.connect-timeout=2s", "-Dcredence.audit.statement-timeout=5s",
                "-Dcredence.audit.append-timeout=10s");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(certificate.trustingContext()).connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        ServeProcess serve = ServeProcess.start(dir.resolve("serve"), args);
        try {
            try {
                serve.await(() -> status(client, port, "/health/ready") == 200, Duration.ofMinutes(2));

                HttpResponse<String> decided = post(client, port, ServiceFixture.application("SECRET-1", 0.1));
                answers.put("decision", decided);
                assertEquals(200, decided.statusCode(), decided.body() + "\n" + serve.output());
                String decisionId = decisionId(decided.body());
                answers.put("decision read back", get(client, port, "/api/v1/decisions/" + decisionId));
                answers.put("invalid application", post(client, port, "{\"applicationId\": 7}"));
                answers.put("unknown path", get(client, port, "/api/v1/nothing"));
                answers.put("health", get(client, port, "/health"));
                answers.put("ready", get(client, port, "/health/ready"));
                answers.put("live", get(client, port, "/health/live"));
                answers.put("audit page", get(client, port, "/audit"));
                answers.put("audit page of the decision", get(client, port, "/audit/decisions/" + decisionId));
                noConnectionFromTheNetwork(port);
            } finally {
                db.stop();
            }
            // The store is gone: the audit page, readiness and new decisions answer 503 (the pool may first hand out a
            // connection that only now finds out; a few tries are enough).
            answers.put("audit page, store gone", eventually(() -> get(client, port, "/audit"), 503));
            answers.put("ready, store gone", eventually(() -> get(client, port, "/health/ready"), 503));
            answers.put("decision, store gone", eventually(() -> post(client, port,
                    ServiceFixture.application("SECRET-2", 0.1)), 503));
        } finally {
            serve.close();
        }
        // Read after the process ended: the shutdown's log lines are in it too.
        String output = serve.output();

        assertEquals(200, answers.get("decision read back").statusCode());
        assertEquals(400, answers.get("invalid application").statusCode());
        assertEquals(404, answers.get("unknown path").statusCode());
        assertEquals(200, answers.get("audit page").statusCode());
        assertEquals(200, answers.get("audit page of the decision").statusCode());
        assertTrue(answers.get("audit page, store gone").body().contains("The audit log is unavailable"));
        assertTrue(output.contains("listening on https://127.0.0.1:" + port + "/api/v1/decisions"), output);
        assertTrue(output.contains("no authentication is configured: listening on loopback only; see docs/security.md"), output);
        assertTrue(output.contains("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/audit"), "the log names the store: " + output);
        assertTrue(output.contains("Credence decision service stopped"), output);
        for (String secret : List.of(auditPassword, certificate.password())) {
            assertFalse(output.contains(secret), "a password in the log:\n" + output);
            answers.forEach((what, answer) -> {
                assertFalse(answer.body().contains(secret), what + " body: " + answer.body());
                assertFalse(answer.headers().map().toString().contains(secret), what + " headers: " + answer.headers().map());
            });
        }
    }

    /** With the default host, a non-loopback address of this machine does not reach the service. */
    private static void noConnectionFromTheNetwork(int port) throws IOException {
        Optional<InetAddress> lan = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        if (lan.isEmpty()) {
            return; // a machine with loopback only: nothing to try from
        }
        assertThrows(IOException.class, () -> new Socket(lan.get(), port).close(),
                "the service answers on " + lan.get().getHostAddress() + ", not only on loopback");
    }

    interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private static HttpResponse<String> eventually(Call call, int status) throws IOException, InterruptedException {
        HttpResponse<String> last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            last = call.send();
            if (last.statusCode() == status) {
                return last;
            }
        }
        throw new AssertionError("expected " + status + ", last answer " + last.statusCode() + " " + last.body());
    }

    private static String decisionId(String json) {
        Matcher m = Pattern.compile("\"decisionId\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    private static URI https(int port, String path) {
        return URI.create("https://localhost:" + port + path);
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(https(port, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, int port, String json) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(https(port, "/api/v1/decisions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpClient client, int port, String path) {
        try {
            return get(client, port, path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
