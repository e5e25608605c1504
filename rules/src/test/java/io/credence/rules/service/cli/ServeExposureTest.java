package io.credence.rules.service.cli;

import io.credence.rules.service.ServiceFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.ExposureRefusedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as an operator runs it, in a JVM of its own: refused on a network host without authentication, unless --insecure. */
class ServeExposureTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
    }

    static List<String> args(String name, int port, String... more) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--models", dir.resolve("models").toString(), "--trusted-keys",
                io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString(),
                "--execution-provider", "cpu", "--audit-db", "jdbc:h2:file:" + dir.resolve(name).resolve("audit")));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void refusesToListenOnAllInterfacesWithoutAuthenticationAndExitsWith2() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir.resolve("refused"), args("refused", ServeProcess.freePort(),
                "--host", "0.0.0.0"))) {
            int exit = serve.exitCode(Duration.ofMinutes(2));
            String output = serve.output();

            assertEquals(ExposureRefusedException.EXIT_CODE, exit, output);
            assertTrue(output.contains("refusing to listen on 0.0.0.0"), output);
            for (String option : List.of("--api-keys", "--jwks", "--issuer", "--audience", "--users", "TLS", "--insecure")) {
                assertTrue(output.contains(option), option + " in:\n" + output);
            }
            assertFalse(Files.exists(dir.resolve("refused").resolve("audit.mv.db")), "the audit store was opened");
        }
    }

    @Test
    void startsOnAllInterfacesWithInsecureAndWarnsAboutItAndAboutPasswordsOnTheCommandLine() throws Exception {
        int port = ServeProcess.freePort();
        HttpClient client = HttpClient.newHttpClient();
        // The H2 store has no password, so an empty one given both deprecated ways still opens it.
        try (ServeProcess serve = ServeProcess.start(dir.resolve("insecure"), args("insecure", port,
                "--host", "0.0.0.0", "--insecure", "--audit-password", "", "-Dcredence.audit.password="))) {
            serve.await(() -> ready(client, port), Duration.ofMinutes(2));
            String output = serve.output();

            assertTrue(output.contains("WARN io.credence.rules.service.ServiceRuntime - --insecure: no authentication is"
                    + " configured and the service listens on 0.0.0.0"), output);
            assertTrue(output.contains("listening on http://0.0.0.0:" + port), output);
            assertTrue(output.contains("WARN io.credence.rules.service.cli.CredenceService - --audit-password is deprecated:"
                    + " the password is visible in the process list"), output);
            assertTrue(output.contains("WARN io.credence.rules.service.cli.CredenceService - -Dcredence.audit.password puts"
                    + " the secret on the command line"), output);
        }
    }

    static boolean ready(HttpClient client, int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
