package io.credence.rules.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description against the running service: two real services (one on an H2 audit
 * store with API keys and signed checkpoints, one whose audit store is down) answer real HTTP
 * requests, and every answer must have a status the document lists for that operation and a body
 * that validates against the documented schema. Every status the document lists is produced here,
 * apart from those {@link #NOT_PRODUCED} names with the reason; and every platform-http route of
 * the service (outside the HTML pages under {@code /audit}) is in the document.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiConformanceTest {

    static final String DECISIONS = "/api/v1/decisions";
    static final String DECISION = "/api/v1/decisions/{id}";
    static final String PROOF = "/api/v1/decisions/{id}/proof";
    static final String ERASURES = "/api/v1/erasures";
    static final String NOTICE = "/api/v1/decisions/{id}/notice";
    static final int MAX_BODY = 4096;
    static final String RULES_RELOAD = "/admin/rules/reload";
    static final String MODELS_RELOAD = "/admin/models/reload";

    /** What these tests cannot make the service answer, and why. */
    static final Map<String, String> NOT_PRODUCED = new TreeMap<>(Map.ofEntries(
            Map.entry("post " + DECISIONS + " 500", "a decision failing inside the service needs a broken model or rule base"),
            Map.entry("get " + DECISION + " 500", "an error escaping the route: no input makes one"),
            Map.entry("get " + PROOF + " 500", "an error escaping the route: no input makes one"),
            Map.entry("get " + NOTICE + " 500", "an error escaping the route: no input makes one"),
            Map.entry("post " + ERASURES + " 500", "an error escaping the route: no input makes one"),
            Map.entry("post " + ERASURES + " 503", "the in-memory store that goes down keeps no personal data to erase (ErasureHttpTest covers it)"),
            Map.entry("get /health 500", "an error escaping the route: no input makes one"),
            Map.entry("get /health/ready 500", "an error escaping the route: no input makes one"),
            Map.entry("get /health/live 500", "an error escaping the route: no input makes one"),
            Map.entry("get /health/live 503", "a process that answers HTTP is live"),
            Map.entry("get /metrics 500", "an error escaping the route: no input makes one"),
            Map.entry("get " + OpenApiDocument.PATH + " 500", "an error escaping the route: no input makes one"),
            Map.entry("post " + RULES_RELOAD + " 200", "these services decide with the built-in rule base (ReloadServiceTest swaps a folder's)"),
            Map.entry("post " + RULES_RELOAD + " 422", "these services decide with the built-in rule base (ReloadServiceTest refuses a broken folder)"),
            Map.entry("post " + RULES_RELOAD + " 500", "an error escaping the route: no input makes one"),
            Map.entry("post " + MODELS_RELOAD + " 409", "both services here score from a models folder"),
            Map.entry("post " + MODELS_RELOAD + " 422", "the models folder here holds a good package (ReloadServiceTest refuses a tampered one)"),
            Map.entry("post " + MODELS_RELOAD + " 500", "an error escaping the route: no input makes one")));

    @TempDir
    static Path dir;
    static ServiceRuntime guarded;
    static ServiceRuntime down;
    static InMemoryAuditLog downStore;
    static String guardedBase;
    static String downBase;
    static DocumentedResponses responses;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Every request is answered within this, or the test fails naming it instead of hanging. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PORTAL = ApiKey.newKey();
    static final String OTHER_PORTAL = ApiKey.newKey();
    static final String AUDITOR = ApiKey.newKey();
    static final String ADMIN = ApiKey.newKey();

    @BeforeAll
    static void start() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        Path keys = dir.resolve("api-keys.json");
        ApiKeyFile.write(keys, List.of(ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), PORTAL),
                ApiKey.of("other-portal", Set.of(Role.DECIDE), Instant.now(), OTHER_PORTAL),
                ApiKey.of("auditor", Set.of(Role.REVIEW), Instant.now(), AUDITOR),
                ApiKey.of("dpo", Set.of(Role.ADMIN), Instant.now(), ADMIN)));
        Path signingKey = dir.resolve("audit-signing.pem");
        SigningKeys.write(SigningKeys.generate(), signingKey);
        Map<String, String> s = settings(freePort(), keys);
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.audit.signing-key", signingKey.toString());
        s.put("credence.audit.checkpoint-every", "1000");
        s.put("credence.audit.checkpoint-interval", "1s");
        guarded = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC);
        guardedBase = "http://127.0.0.1:" + s.get("credence.http.port");

        Map<String, String> d = settings(freePort(), keys);
        downStore = new InMemoryAuditLog();
        down = ServiceRuntime.start(ServiceSettings.load(d), store -> downStore);
        downStore.goDown();
        downBase = "http://127.0.0.1:" + d.get("credence.http.port");

        HttpResponse<String> description = send(guardedBase, "GET", OpenApiDocument.PATH, null, null, null);
        assertEquals(200, description.statusCode(), description.body());
        responses = new DocumentedResponses(JSON.readTree(description.body()));
        responses.check("get", OpenApiDocument.PATH, description);
    }

    static Map<String, String> settings(int port, Path keys) {
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.http.max-body-bytes", Integer.toString(MAX_BODY));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        s.put("credence.security.api-keys", keys.toString());
        return s;
    }

    @AfterAll
    static void stop() {
        if (down != null) {
            down.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    @Order(1)
    void theDescriptionIsOpenAndHoldsTheApplicationSchemaTheServiceValidatesWith() throws Exception {
        HttpResponse<String> description = send(guardedBase, "GET", OpenApiDocument.PATH, null, null, null);
        JsonNode doc = responses.check("get", OpenApiDocument.PATH, description);
        assertEquals("3.1.0", doc.get("openapi").asString());
        JsonNode schema = doc.at("/components/schemas/LoanApplication");
        assertEquals(JSON.readTree(io.credence.rules.service.input.ApplicationSchema.load().text()), schema);
        assertEquals("#/components/schemas/LoanApplication",
                doc.at("/paths/~1api~1v1~1decisions/post/requestBody/content/application~1json/schema/$ref").asString());
        assertEquals(Set.of("apiKey", "accessToken"), names(doc.at("/components/securitySchemes")));
        assertEquals("JWT", doc.at("/components/securitySchemes/accessToken/bearerFormat").asString());
    }

    @Test
    @Order(2)
    void decisionsAnswerOnlyDocumentedStatusesAndBodies() throws Exception {
        HttpResponse<String> decided = post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-1", 0.05));
        assertEquals(200, decided.statusCode(), decided.body());
        JsonNode decision = responses.check("post", DECISIONS, decided);
        assertEquals("DECIDED", decision.get("status").asString());
        HttpResponse<String> replayed = post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-1", 0.05));
        assertTrue(responses.check("post", DECISIONS, replayed).get("replayed").asBoolean(), replayed.body());

        String invalid = "{\"applicationId\": \"OA-2\", \"applicantAge\": -3}";
        HttpResponse<String> rejected = post(guardedBase, DECISIONS, PORTAL, invalid);
        assertEquals(400, rejected.statusCode(), rejected.body());
        assertTrue(responses.check("post", DECISIONS, rejected).has("violations"), rejected.body());
        HttpResponse<String> rejectedAgain = post(guardedBase, DECISIONS, PORTAL, invalid);
        assertEquals(400, rejectedAgain.statusCode(), rejectedAgain.body());
        assertEquals("REJECTED", responses.check("post", DECISIONS, rejectedAgain).get("status").asString());
        HttpResponse<String> notJson = post(guardedBase, DECISIONS, PORTAL, "{\"applicationId\": ");
        assertEquals(400, notJson.statusCode(), notJson.body());
        responses.check("post", DECISIONS, notJson);

        assertEquals(401, responses.checkStatus("post", DECISIONS, post(guardedBase, DECISIONS, null, invalid)));
        assertEquals(401, responses.checkStatus("post", DECISIONS, post(guardedBase, DECISIONS, "not-a-key", invalid)));
        assertEquals(403, responses.checkStatus("post", DECISIONS, post(guardedBase, DECISIONS, AUDITOR, invalid)));
        assertEquals(413, responses.checkStatus("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL,
                "{\"applicationId\": \"" + "x".repeat(MAX_BODY) + "\"}")));
        assertEquals(413, responses.checkStatus("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL,
                "x".repeat(1024 * 1024 + 1))));
        assertEquals(415, responses.checkStatus("post", DECISIONS, send(guardedBase, "POST", DECISIONS, PORTAL,
                "text/plain", ServiceFixture.application("OA-3", 0.05))));
        assertEquals(503, responses.checkStatus("post", DECISIONS, post(downBase, DECISIONS, PORTAL,
                ServiceFixture.application("OA-4", 0.05))));
    }

    @Test
    @Order(3)
    void aStoredDecisionAndItsProofAnswerOnlyDocumentedStatusesAndBodies() throws Exception {
        HttpResponse<String> decided = post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-10", 0.9));
        String id = responses.check("post", DECISIONS, decided).get("decisionId").asString();
        assertEquals(200, responses.checkStatus("get", DECISION, get(guardedBase, "/api/v1/decisions/" + id, PORTAL)));
        assertEquals(200, responses.checkStatus("get", DECISION, get(guardedBase, "/api/v1/decisions/" + id, AUDITOR)));
        assertEquals(401, responses.checkStatus("get", DECISION, get(guardedBase, "/api/v1/decisions/" + id, null)));
        assertEquals(403, responses.checkStatus("get", DECISION, get(guardedBase, "/api/v1/decisions/" + id, OTHER_PORTAL)));
        assertEquals(404, responses.checkStatus("get", DECISION, get(guardedBase, "/api/v1/decisions/no-such-id", AUDITOR)));
        assertEquals(503, responses.checkStatus("get", DECISION, get(downBase, "/api/v1/decisions/" + id, AUDITOR)));

        String proof = "/api/v1/decisions/" + id + "/proof";
        HttpResponse<String> answer = get(guardedBase, proof, PORTAL);
        responses.check("get", PROOF, answer);
        // The checkpoint interval is 1 s; ask again (as Retry-After says) until one covers the record.
        for (int i = 0; i < 60 && answer.statusCode() == 202; i++) {
            Thread.sleep(500);
            answer = get(guardedBase, proof, PORTAL);
            responses.check("get", PROOF, answer);
        }
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(401, responses.checkStatus("get", PROOF, get(guardedBase, proof, null)));
        assertEquals(403, responses.checkStatus("get", PROOF, get(guardedBase, proof, OTHER_PORTAL)));
        assertEquals(404, responses.checkStatus("get", PROOF, get(guardedBase, "/api/v1/decisions/no-such-id/proof", AUDITOR)));
        assertEquals(503, responses.checkStatus("get", PROOF, get(downBase, proof, AUDITOR)));
    }

    @Test
    @Order(4)
    void aProofIsPendingUntilACheckpointCoversTheRecord() throws Exception {
        // Each fresh decision is pending until the next checkpoint; try a few in case one lands on a signing.
        int status = 0;
        for (int i = 0; i < 20 && status != 202; i++) {
            HttpResponse<String> decided = post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-P" + i, 0.5));
            String id = responses.check("post", DECISIONS, decided).get("decisionId").asString();
            status = responses.checkStatus("get", PROOF, get(guardedBase, "/api/v1/decisions/" + id + "/proof", PORTAL));
        }
        assertEquals(202, status);
    }

    @Test
    @Order(5)
    void erasuresAnswerOnlyDocumentedStatusesAndBodies() throws Exception {
        responses.check("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-20", 0.05)));
        String request = "{\"applicationId\": \"OA-20\", \"legalBasis\": \"GDPR Art. 17(1)(a), request OA\"}";
        HttpResponse<String> erased = post(guardedBase, ERASURES, ADMIN, request);
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(1, responses.check("post", ERASURES, erased).get("erased").asInt());
        HttpResponse<String> again = post(guardedBase, ERASURES, ADMIN, request);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(responses.check("post", ERASURES, again).get("erasureDecisionId").isNull(), again.body());
        String erasureRecord = JSON.readTree(erased.body()).get("erasureDecisionId").asString();
        assertEquals("ERASURE", responses.check("get", DECISION,
                get(guardedBase, "/api/v1/decisions/" + erasureRecord, AUDITOR)).get("status").asString());

        assertEquals(400, responses.checkStatus("post", ERASURES, post(guardedBase, ERASURES, ADMIN, "{\"legalBasis\": 7}")));
        assertEquals(401, responses.checkStatus("post", ERASURES, post(guardedBase, ERASURES, null, request)));
        assertEquals(403, responses.checkStatus("post", ERASURES, post(guardedBase, ERASURES, PORTAL, request)));
        assertEquals(404, responses.checkStatus("post", ERASURES, post(guardedBase, ERASURES, ADMIN,
                "{\"applicationId\": \"never-seen\", \"legalBasis\": \"GDPR Art. 17\"}")));
        assertEquals(413, responses.checkStatus("post", ERASURES, post(guardedBase, ERASURES, ADMIN,
                "x".repeat(1024 * 1024 + 1))));
        assertEquals(415, responses.checkStatus("post", ERASURES, send(guardedBase, "POST", ERASURES, ADMIN,
                "text/plain", request)));
    }

    @Test
    @Order(6)
    void noticesAnswerOnlyDocumentedStatusesAndBodies() throws Exception {
        String declined = responses.check("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL,
                ServiceFixture.application("OA-N1", 0.9, 3))).get("decisionId").asString();
        String approved = responses.check("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL,
                ServiceFixture.application("OA-N2", 0.05))).get("decisionId").asString();
        String erased = responses.check("post", DECISIONS, post(guardedBase, DECISIONS, PORTAL,
                ServiceFixture.application("OA-N3", 0.9, 3))).get("decisionId").asString();
        responses.check("post", ERASURES, post(guardedBase, ERASURES, ADMIN,
                "{\"applicationId\": \"OA-N3\", \"legalBasis\": \"GDPR Art. 17\"}"));
        assertEquals(200, responses.checkStatus("get", NOTICE, notice(guardedBase, declined, AUDITOR, "text/html")));
        assertEquals(200, responses.checkStatus("get", NOTICE, notice(guardedBase, declined, AUDITOR, "application/pdf")));
        assertEquals(401, responses.checkStatus("get", NOTICE, notice(guardedBase, declined, null, "text/html")));
        assertEquals(403, responses.checkStatus("get", NOTICE, notice(guardedBase, declined, PORTAL, "text/html")));
        assertEquals(404, responses.checkStatus("get", NOTICE, notice(guardedBase, "no-such-id", AUDITOR, "text/html")));
        assertEquals(406, responses.checkStatus("get", NOTICE, notice(guardedBase, declined, AUDITOR, "application/xml")));
        assertEquals(409, responses.checkStatus("get", NOTICE, notice(guardedBase, approved, AUDITOR, "text/html")));
        assertEquals(410, responses.checkStatus("get", NOTICE, notice(guardedBase, erased, AUDITOR, "text/html")));
        assertEquals(503, responses.checkStatus("get", NOTICE, notice(downBase, declined, AUDITOR, "text/html")));
    }

    static HttpResponse<String> notice(String base, String id, String key, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions/" + id + "/notice"))
                .timeout(REQUEST_TIMEOUT).header("Accept", accept).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    @Test
    @Order(7)
    void healthAnswersOnlyDocumentedStatusesAndBodies() throws Exception {
        for (String path : List.of("/health", "/health/ready")) {
            assertEquals(200, responses.checkStatus("get", path, get(guardedBase, path, AUDITOR)));
            assertEquals(401, responses.checkStatus("get", path, get(guardedBase, path, null)));
            assertEquals(503, responses.checkStatus("get", path, get(downBase, path, AUDITOR)));
        }
        assertEquals(200, responses.checkStatus("get", "/health/live", get(guardedBase, "/health/live", null)));
        assertEquals(200, responses.checkStatus("get", "/health/live", get(downBase, "/health/live", null)));
        assertEquals(200, responses.checkStatus("get", "/metrics", get(guardedBase, "/metrics", ADMIN)));
        assertEquals(401, responses.checkStatus("get", "/metrics", get(guardedBase, "/metrics", null)));
        assertEquals(403, responses.checkStatus("get", "/metrics", get(guardedBase, "/metrics", AUDITOR)));
    }

    @Test
    @Order(7)
    void reloadsAnswerOnlyDocumentedStatusesAndBodiesAndNeedTheRoleAdmin() throws Exception {
        HttpResponse<String> noFolder = post(guardedBase, RULES_RELOAD, ADMIN, "");
        assertEquals(409, noFolder.statusCode(), noFolder.body());
        assertEquals("unavailable", responses.check("post", RULES_RELOAD, noFolder).get("result").asString());
        assertEquals(401, responses.checkStatus("post", RULES_RELOAD, post(guardedBase, RULES_RELOAD, null, "")));
        assertEquals(403, responses.checkStatus("post", RULES_RELOAD, post(guardedBase, RULES_RELOAD, PORTAL, "")));
        assertEquals(403, responses.checkStatus("post", RULES_RELOAD, post(guardedBase, RULES_RELOAD, AUDITOR, "")));
        HttpResponse<String> swapped = post(guardedBase, MODELS_RELOAD, ADMIN, "");
        assertEquals(200, swapped.statusCode(), swapped.body());
        assertEquals("swapped", responses.check("post", MODELS_RELOAD, swapped).get("result").asString());
        assertEquals(401, responses.checkStatus("post", MODELS_RELOAD, post(guardedBase, MODELS_RELOAD, null, "")));
        assertEquals(403, responses.checkStatus("post", MODELS_RELOAD, post(guardedBase, MODELS_RELOAD, PORTAL, "")));
        // The service still decides, with the models swapped in.
        assertEquals(200, post(guardedBase, DECISIONS, PORTAL, ServiceFixture.application("OA-R1", 0.05)).statusCode());
    }

    @Test
    @Order(8)
    void everyRouteOfTheServiceIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Map<String, Set<String>> routes = new TreeMap<>();
        for (ServiceRuntime service : List.of(guarded, down)) {
            for (Route route : service.camel().getRoutes()) {
                if (route.getEndpoint() instanceof PlatformHttpEndpoint http && !http.getPath().startsWith("/audit")) {
                    assertNotNull(http.getHttpMethodRestrict(), route.getRouteId() + " takes every method");
                    for (String method : http.getHttpMethodRestrict().split(",")) {
                        routes.computeIfAbsent(http.getPath(), p -> new TreeSet<>()).add(method.strip().toLowerCase());
                    }
                }
            }
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        OpenApiDocument.load().operations().forEach((path, methods) -> documented.put(path, new TreeSet<>(methods)));
        assertEquals(documented, routes, "the routes of the service (right) and the operations of " + OpenApiDocument.RESOURCE);
    }

    @Test
    @Order(9)
    void everyDocumentedStatusWasProducedByTheRunningService() {
        Set<String> missing = new TreeSet<>(responses.documented());
        missing.removeAll(responses.seen());
        assertEquals(NOT_PRODUCED.keySet(), missing, "documented statuses no test produced");
    }

    static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.propertyNames().forEach(out::add);
        return out;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> post(String base, String path, String key, String json) throws Exception {
        return send(base, "POST", path, key, "application/json", json);
    }

    static HttpResponse<String> get(String base, String path, String key) throws Exception {
        return send(base, "GET", path, key, null, null);
    }

    static HttpResponse<String> send(String base, String method, String path, String key, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
