package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.input.VisibleText;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Input faults over real HTTP, decided by the real service and audited in a real H2 audit log:
 * control characters in any string and numbers at the edges of every numeric field are answered
 * 400 (naming the field) or 200, never 500 or 503, and each leaves exactly one audit record.
 */
class InputFaultsHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** Not a speed limit: only what turns a hang (a billion-digit number) into a failure instead of a stuck build. */
    static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static ModelRegistry registry;
    static JdbcAuditLog audit;
    static CamelContext camel;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        registry = ServiceFixture.serveCreditDefault(dir.resolve("models"));
        audit = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addRoutes(new RestRoutes(new DecisionHttp(ServiceFixture.service(audit), 65536, () -> new DecisionHttp.Readiness(true, Map.of()))));
        camel.start();
        HttpErrorPages.install(camel, port);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (audit != null) {
            audit.close();
        }
        ServiceFixture.stopServing(registry);
    }

    static HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions")).timeout(HANG)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return post(json.getBytes(StandardCharsets.UTF_8));
    }

    static long records() {
        return audit.search(new AuditQuery(null, null, null, null, null, null, 1000)).size();
    }

    static List<String> violatedFields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).get("violations").forEach(v -> fields.add(v.get("field").asString()));
        return fields;
    }

    /** The response was a rejection, audited once as such and readable by its decision id. */
    static void assertAuditedRejection(HttpResponse<String> response, long recordsBefore) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(recordsBefore + 1, records(), "exactly one audit record");
        String decisionId = JSON.readTree(response.body()).get("decisionId").asString();
        AuditRecord stored = audit.find(decisionId).orElseThrow();
        assertEquals(AuditEntry.Status.REJECTED, stored.entry().status());
        HttpResponse<String> readBack = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions/" + decisionId))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, readBack.statusCode(), readBack.body());
        assertEquals("REJECTED", JSON.readTree(readBack.body()).get("status").asString());
        assertFalse(stored.entry().rawInput() != null && stored.entry().rawInput().contains("\0"));
    }

    /** No text of the violations holds a control character: they are shown as visible escapes. */
    static void assertVisible(HttpResponse<String> response) {
        JSON.readTree(response.body()).get("violations").forEach(v -> v.properties().forEach(text -> assertTrue(
                !text.getValue().isString() || VisibleText.indexOfInvisible(text.getValue().asString()) < 0, response.body())));
    }

    static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();

    static Stream<Arguments> nulInEveryStringField() {
        String base = ServiceFixture.application("APP-1", 0.10);
        return Stream.of("\\u0000", "\0").flatMap(nul -> Stream.of(
                Arguments.of("applicationId", base.replace("\"APP-1\"", "\"APP" + nul + "1\"")),
                Arguments.of("employmentStatus", base.replace("\"EMPLOYED\"", "\"EMPLOYED" + nul + "\"")),
                Arguments.of("modelInputs.purpose", base.replace("}}", ", \"purpose\": \"car" + nul + "\"}}")),
                Arguments.of("modelInputs.risk\\u0000signal", base.replace("\"risk_signal\"", "\"risk" + nul + "signal\""))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nulInEveryStringField")
    void aNulInAnyStringFieldIs400NamingTheField(String field, String json) throws Exception {
        long before = records();

        // An id of its own: the same content twice would be a retry, answered from its record.
        HttpResponse<String> response = post(json.replace("\"APP-1\"", "\"APP-1-" + SEQUENCE.incrementAndGet() + "\""));

        assertAuditedRejection(response, before);
        assertTrue(violatedFields(response).contains(field), response.body());
        assertVisible(response);
    }

    @Test
    void aNulBetweenTheTokensIs400() throws Exception {
        long before = records();

        HttpResponse<String> response = post("\0" + ServiceFixture.application("APP-2", 0.10));

        assertAuditedRejection(response, before);
        assertEquals(List.of("$"), violatedFields(response));
    }

    @Test
    void aBodyThatIsNotUtf8Is400() throws Exception {
        byte[] body = ServiceFixture.application("APP-3", 0.10).replace("APP-3", "APP-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        long before = records();

        HttpResponse<String> response = post(body);

        assertAuditedRejection(response, before);
        assertEquals(List.of("$"), violatedFields(response));
        assertTrue(response.body().contains("UTF-8 text"), response.body());
    }

    @Test
    void anIdWithAControlCharacterIsAnUnknownDecision() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions/dec%00ision"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode(), response.body());
        assertVisible(response);
    }

    static final List<String> NUMERIC_FIELDS = List.of("applicantAge", "monthlyIncome", "monthlyDebtPayments",
            "requestedAmount", "termMonths", "worstDelinquencyMonths", "modelInputs.risk_signal", "modelInputs.balances");
    static final List<String> EDGE_NUMBERS = List.of("1e308", "-1e308", "1e-308", "-0", "-0.0", "1.0",
            "1234567890123456789012345678901234567890", "-1234567890123456789012345678901234567890", "1e999999999",
            "-1e999999999", "1e-999999999", "12345678901234567890.5");

    static Stream<Arguments> everyNumericFieldAtTheEdges() {
        return NUMERIC_FIELDS.stream().flatMap(field -> EDGE_NUMBERS.stream().map(number -> Arguments.of(field, number)));
    }

    /** The application with {@code number} in {@code field}; modelInputs.balances gets it as an array item. */
    static String withNumber(String field, String number) {
        String json = ServiceFixture.application("APP-N", 0.10);
        return switch (field) {
            case "modelInputs.risk_signal" -> json.replaceFirst("\"risk_signal\": [^}]+", "\"risk_signal\": " + number);
            case "modelInputs.balances" -> json.replace("}}", ", \"balances\": [1, " + number + ", 3]}}");
            default -> json.replaceFirst("\"" + field + "\": [^,]+", "\"" + field + "\": " + number);
        };
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("everyNumericFieldAtTheEdges")
    void everyNumberIsDecidedOrRejectedNamingTheFieldNeverAnInternalError(String field, String number) throws Exception {
        // An id of its own: -0 and -0.0 (say) are one canonical input, and the second would be a replay.
        String json = withNumber(field, number).replace("\"APP-N\"", "\"APP-N-" + SEQUENCE.incrementAndGet() + "\"");
        assertTrue(json.contains(number), json);
        long before = records();

        HttpResponse<String> response = post(json);

        assertTrue(response.statusCode() == 200 || response.statusCode() == 400, response.statusCode() + " " + response.body());
        assertEquals(before + 1, records(), "exactly one audit record");
        if (response.statusCode() == 400) {
            assertEquals(List.of(field), violatedFields(response).stream().distinct().toList(), response.body());
        } else {
            JsonNode body = JSON.readTree(response.body());
            assertEquals("DECIDED", body.get("status").asString(), response.body());
            assertEquals(-1, VisibleText.indexOfInvisible(response.body()));
        }
    }
}
