package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.DelegatingAuditLog;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST channel over real HTTP on a loopback port. */
class RestHttpTest {

    static final int MAX_BODY = 4096;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static LoopbackRest rest;
    static String base;
    static InMemoryAuditLog audit;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Swapped per test, so one test can take the audit log down without touching the others. */
    static volatile InMemoryAuditLog current;

    @BeforeAll
    static void start() throws Exception {
        registry = ServiceFixture.serveCreditDefault(models);
        DelegatingAuditLog log = new DelegatingAuditLog(() -> current);
        rest = LoopbackRest.start(ServiceFixture.service(log), MAX_BODY,
                () -> new DecisionHttp.Readiness(log.health().up(), Map.of("models", registry.names())), c -> { });
        base = rest.base();
    }

    @AfterAll
    static void stop() {
        if (rest != null) {
            rest.close();
        }
        ServiceFixture.stopServing(registry);
    }

    @BeforeEach
    void freshAudit() {
        audit = new InMemoryAuditLog();
        current = audit;
    }

    static HttpResponse<String> post(String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return post("application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static void assertErrorBody(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = body(response);
        assertTrue(body.has("error"), response.body());
        assertTrue(body.get("violations").isArray(), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("\tat "), response.body());
    }

    @Test
    void withoutAccessControlAClientCannotNameAPrincipalAndNoRequesterIsRecorded() throws Exception {
        HttpRequest spoofed = HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
                .header("Content-Type", "application/json")
                .header("CamelVertxPlatformHttpAuthenticatedUser", "{\"credence\":true,\"name\":\"x\",\"method\":\"jwt\"}")
                .header("X-Credence-Principal", "admin")
                .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("APP-SPOOF", 0.10))).build();

        HttpResponse<String> response = CLIENT.send(spoofed, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertNull(audit.entries().get(0).requestedBy());
        assertFalse(body(response).has("requestedBy"), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    }

    @Test
    void decidesAnApplicationAndReturnsTheDecisionWithScoresAndReasons() throws Exception {
        HttpResponse<String> response = post(ServiceFixture.application("APP-1", 0.10));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = body(response);
        assertEquals("APP-1", body.get("applicationId").asString());
        assertEquals("APPROVE", body.get("decision").asString());
        assertEquals("credit-default", body.get("scores").get(0).get("model").asString());
        assertEquals("1.0.0", body.get("scores").get(0).get("version").asString());
        assertEquals("CPUExecutionProvider", body.get("scores").get(0).get("executionProvider").asString());
        assertEquals(0.10, body.get("scores").get(0).get("value").asDouble(), 1e-5);
        assertEquals("MODEL_LOW_RISK", body.get("reasons").get(0).get("code").asString());
        assertTrue(body.get("reasons").get(0).has("text"));
        assertTrue(body.get("rulesFired").size() >= 2);
        assertEquals(0.20, body.get("cutOffs").get("credit-default.refer_above").asDouble());
        assertTrue(body.get("ruleBase").get("coordinates").asString().startsWith("io.credence:credence-rules:"));
        assertEquals(body.get("decisionId").asString(), response.headers().firstValue(ServiceHeaders.DECISION_ID).orElseThrow());
        assertEquals(1, audit.entries().size());
    }

    @Test
    void theStoredDecisionCanBeReadBackById() throws Exception {
        String decisionId = body(post(ServiceFixture.application("APP-2", 0.30))).get("decisionId").asString();

        HttpResponse<String> response = get("/api/v1/decisions/" + decisionId);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("REFER", body(response).get("decision").asString());
        assertEquals("APP-2", body(response).get("applicationId").asString());
    }

    @Test
    void anUnknownDecisionIdIs404Json() throws Exception {
        HttpResponse<String> response = get("/api/v1/decisions/no-such-decision");

        assertEquals(404, response.statusCode());
        assertErrorBody(response);
        assertEquals("id", body(response).get("violations").get(0).get("field").asString());
    }

    @Test
    void anInvalidApplicationIs400ListingEveryViolation() throws Exception {
        String json = ServiceFixture.application("APP-3", 0.1).replace("\"applicantAge\": 35", "\"applicantAge\": 200")
                .replace("\"termMonths\": 24", "\"termMonths\": 0");

        HttpResponse<String> response = post(json);

        assertEquals(400, response.statusCode());
        assertErrorBody(response);
        JsonNode violations = body(response).get("violations");
        assertEquals(2, violations.size(), response.body());
        assertEquals("applicantAge", violations.get(0).get("field").asString());
        assertEquals("200", violations.get(0).get("value").asString());
        assertEquals("<= 130", violations.get(0).get("expected").asString());
        assertEquals("termMonths", violations.get(1).get("field").asString());
        assertEquals(AuditEntry.Status.REJECTED, audit.entries().get(0).status());
    }

    @Test
    void malformedJsonIs400NamingLineAndColumn() throws Exception {
        HttpResponse<String> response = post("{\n \"applicationId\": \"A\",\n oops\n}");

        assertEquals(400, response.statusCode());
        assertErrorBody(response);
        assertTrue(body(response).get("violations").get(0).get("expected").asString().contains("line 3, column"),
                response.body());
    }

    @Test
    void anUnknownFieldIs400NamingIt() throws Exception {
        HttpResponse<String> response = post(ServiceFixture.application("APP-4", 0.1).replace("{", "{\"salary\": 1, "));

        assertEquals(400, response.statusCode());
        assertEquals("salary", body(response).get("violations").get(0).get("field").asString());
    }

    @Test
    void aBodyOverTheLimitIs413AndAuditedWithoutTheBody() throws Exception {
        byte[] big = ("{\"applicationId\": \"" + "x".repeat(MAX_BODY) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = post("application/json", big);

        assertEquals(413, response.statusCode());
        assertErrorBody(response);
        assertEquals(1, audit.entries().size());
        assertNull(audit.entries().get(0).rawInput());
    }

    @Test
    void aBodyBeyondTheServerCapIsRefusedUnreadWithAJson413() throws Exception {
        HttpResponse<String> response = post("application/json", new byte[MAX_BODY * 5]);

        assertEquals(413, response.statusCode());
        assertErrorBody(response);
        assertEquals(0, audit.entries().size());
    }

    @Test
    void unknownPathsAndMethodsAnswerJson() throws Exception {
        HttpResponse<String> unknown = get("/api/v2/nothing");
        HttpResponse<String> wrongMethod = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(404, unknown.statusCode());
        assertErrorBody(unknown);
        assertTrue(wrongMethod.statusCode() == 405 || wrongMethod.statusCode() == 404, wrongMethod.toString());
        assertErrorBody(wrongMethod);
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        HttpResponse<String> xml = post("application/xml", "<application/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> none = post(null, ServiceFixture.application("APP-5", 0.1).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(415, xml.statusCode());
        assertErrorBody(xml);
        assertEquals("Content-Type", body(xml).get("violations").get(0).get("field").asString());
        assertEquals(415, none.statusCode());
        assertEquals(2, audit.entries().size());
    }

    @Test
    void whenTheAuditLogIsDownTheCallerGets503AndNoDecision() throws Exception {
        audit.goDown();

        HttpResponse<String> response = post(ServiceFixture.application("APP-6", 0.1));

        assertEquals(503, response.statusCode());
        assertErrorBody(response);
        assertFalse(response.body().contains("APPROVE"), response.body());
        assertFalse(response.body().contains("decisionId"), response.body());
        assertFalse(response.body().contains("APP-6"), response.body());
        assertTrue(response.headers().firstValue(ServiceHeaders.DECISION_ID).isEmpty());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, audit.entries().size());
    }

    @Test
    void theSameApplicationPostedAgainIsAnsweredWithTheOriginalDecisionMarkedReplayed() throws Exception {
        HttpResponse<String> first = post(ServiceFixture.application("APP-R", 0.1));
        HttpResponse<String> again = post(ServiceFixture.application("APP-R", 0.1));

        assertEquals(200, first.statusCode());
        assertEquals(200, again.statusCode());
        assertTrue(first.headers().firstValue(ServiceHeaders.IDEMPOTENT_REPLAYED).isEmpty());
        assertEquals("true", again.headers().firstValue(ServiceHeaders.IDEMPOTENT_REPLAYED).orElse(null));
        assertEquals(body(first).get("decisionId"), body(again).get("decisionId"));
        assertEquals(true, body(again).get("replayed").asBoolean());
        JsonNode withoutFlag = body(again);
        ((tools.jackson.databind.node.ObjectNode) withoutFlag).remove("replayed");
        assertEquals(body(first), withoutFlag, "the replay is the original body plus replayed: true");
        assertEquals(1, audit.entries().size());
    }

    @Test
    void newContentForTheSameApplicationIsANewDecisionThatNamesTheOneItSupersedes() throws Exception {
        HttpResponse<String> first = post(ServiceFixture.application("APP-S", 0.1));
        HttpResponse<String> changed = post(ServiceFixture.application("APP-S", 0.9));

        assertEquals(200, changed.statusCode());
        assertTrue(changed.headers().firstValue(ServiceHeaders.IDEMPOTENT_REPLAYED).isEmpty());
        assertEquals(body(first).get("decisionId").asString(), body(changed).get("supersedes").asString());
        assertEquals(2, audit.entries().size());
    }

    @Test
    void livenessIsUpWhileReadinessFollowsTheAuditStore() throws Exception {
        assertEquals(200, get("/health/ready").statusCode());
        audit.goDown();

        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> alias = get("/health");
        HttpResponse<String> live = get("/health/live");

        assertEquals(503, ready.statusCode());
        assertEquals("DOWN", body(ready).get("status").asString());
        assertEquals(503, alias.statusCode());
        assertEquals(200, live.statusCode());
        assertEquals("UP", body(live).get("status").asString());
    }

    @Test
    void healthSaysUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("UP", body(response).get("status").asString());
        assertNotNull(body(response).get("models"));
    }
}
