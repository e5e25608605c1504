package io.credence.rules.service.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.routes.DecisionHttp;
import io.credence.rules.service.routes.RestRoutes;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON log lines of one decision over REST, the service's own at DEBUG and everyone's from
 * INFO, written while it is decided and after it returned (the reply, the exchange's completion):
 * each names the decision and the application, none holds a value of the application.
 */
class DecisionLogLinesHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static CamelContext camel;
    static String base;
    static InMemoryAuditLog audit = new InMemoryAuditLog();

    @BeforeAll
    static void start() throws Exception {
        registry = ServiceFixture.serveCreditDefault(models);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        camel = new DefaultCamelContext();
        DecisionUnitOfWork.install(camel);
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addRoutes(new RestRoutes(new DecisionHttp(ServiceFixture.service(audit), 65536,
                () -> new DecisionHttp.Readiness(true, Map.of()))));
        camel.start();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (camel != null) {
            camel.stop();
        }
        ServiceFixture.stopServing(registry);
    }

    @Test
    void everyLineOfADecisionNamesItAndItsApplicationAlsoAfterItReturnedAndNoneHoldsItsValues() throws Exception {
        String application = Files.readString(Path.of("..", "docs", "examples", "decline.json"));
        JsonNode input = JSON.readTree(application);
        List<JsonNode> lines;
        HttpResponse<String> response;
        try (Capture capture = new Capture()) {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(application))
                    .build(), HttpResponse.BodyHandlers.ofString());
            // The exchange completes after the reply is on its way: wait for it, not for a time.
            long giveUp = System.nanoTime() + 30_000_000_000L;
            while (camel.getInflightRepository().size() > 0 && System.nanoTime() < giveUp) {
                Thread.sleep(1);
            }
            lines = capture.lines();
        }

        assertEquals(200, response.statusCode(), response.body());
        String decisionId = JSON.readTree(response.body()).get("decisionId").asString();
        String applicationId = input.get("applicationId").asString();
        assertTrue(lines.stream().anyMatch(l -> l.get("formattedMessage").asString().startsWith("decided ")),
                "the outcome line, written while deciding: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.get("formattedMessage").asString().equals("answering HTTP 200")),
                "the reply line, written after the decision returned: " + lines);
        List<String> values = personalValues(input);
        for (JsonNode line : lines) {
            JsonNode mdc = line.get("mdc");
            assertTrue(mdc != null && mdc.has("decisionId"), "no decisionId: " + line);
            assertEquals(decisionId, mdc.get("decisionId").asString(), line.toString());
            assertEquals(applicationId, mdc.get("applicationId").asString(), line.toString());
            String text = line.get("formattedMessage").asString();
            for (String value : values) {
                assertFalse(text.contains(value), "the application's value " + value + " in " + line);
            }
        }
    }

    @Test
    void theIdsDoNotStayOnAThreadForTheRequestsAfterTheDecision() throws Exception {
        String application = Files.readString(Path.of("..", "docs", "examples", "approve.json"));
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(application)).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> lines;
        try (Capture capture = new Capture()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            lines = capture.lines();
        }

        assertEquals(20, lines.stream().filter(l -> l.get("formattedMessage").asString().startsWith("answering HTTP 200"))
                .count(), lines.toString());
        for (JsonNode line : lines) {
            assertFalse(line.get("mdc").has("decisionId") || line.get("mdc").has("applicationId"), line.toString());
        }
    }

    /** The application's values that would identify or describe the applicant in a log line. */
    private static List<String> personalValues(JsonNode input) {
        List<String> values = new ArrayList<>();
        for (String field : List.of("monthlyIncome", "monthlyDebtPayments", "requestedAmount", "applicantAge")) {
            values.add("\"" + field + "\"");
            values.add(field + "=");
            values.add(" " + input.get(field).asString() + " ");
        }
        input.get("modelInputs").properties().forEach(e -> {
            if (e.getValue().isString()) {
                values.add(e.getValue().asString());
            }
        });
        return values;
    }

    /** Every line logged meanwhile, as the service writes it with {@code credence.log.format=json}. */
    private static final class Capture implements AutoCloseable {
        private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        private final Logger credence = context.getLogger("io.credence");
        private final Level level = credence.getLevel();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

        Capture() {
            appender.setContext(context);
            appender.setName("decision-lines");
            appender.setEncoder(LogbackConfigurator.encoder(context, LogFormat.JSON));
            appender.setOutputStream(out);
            appender.start();
            root.addAppender(appender);
            credence.setLevel(Level.DEBUG);
        }

        List<JsonNode> lines() {
            List<JsonNode> lines = new ArrayList<>();
            synchronized (out) {
                for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
            return lines;
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
            credence.setLevel(level);
        }
    }
}
