package io.credence.rules.security.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.security.jwt.TestTokens;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import io.credence.rules.service.cli.CredenceService;
import io.credence.rules.service.tls.SelfSignedCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assembled service with API keys and bearer tokens on, over real HTTPS on loopback (a
 * self-signed certificate made by the test, tokens signed by key pairs made by the test): every
 * role against every endpoint, the JWT checks, revocation without a restart, and who may read
 * which decision.
 */
class ServiceAccessHttpTest {

    static HttpClient CLIENT;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TestTokens IDP = new TestTokens();
    static final AtomicInteger APPLICATIONS = new AtomicInteger();
    /** The callers of the role table: one API key per role, one without roles, and nobody. */
    static final List<String> CALLERS = List.of("decide", "review", "review-pii", "admin", "metrics", "none", "anonymous");

    @TempDir
    static Path dir;
    static Path keyFile;
    static ServiceRuntime service;
    static InMemoryAuditLog audit = new InMemoryAuditLog();
    static InMemoryAccessLog views = new InMemoryAccessLog();
    static String base;
    static final Map<String, String> KEYS = new HashMap<>();
    /** A decision the decide key requested. */
    static String ownDecision;

    @BeforeAll
    static void start() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        keyFile = dir.resolve("api-keys.json");
        List<ApiKey> stored = new ArrayList<>();
        for (String caller : List.of("decide", "decide-other", "review", "review-pii", "admin", "metrics", "none")) {
            String key = ApiKey.newKey();
            KEYS.put(caller, key);
            Set<Role> roles = caller.equals("none") ? Set.of() : Set.of(Role.of(caller.replace("-other", "")));
            stored.add(ApiKey.of(caller, roles, Instant.now(), key));
        }
        ApiKeyFile.write(keyFile, stored);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SelfSignedCertificate certificate = SelfSignedCertificate.make(dir.resolve("tls"), "RSA");
        CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(certificate.trustingContext()).build();
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.tls.cert", certificate.certPem().toString());
        s.put("credence.tls.key", certificate.keyPem().toString());
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        s.put("credence.security.api-keys", keyFile.toString());
        s.put("credence.security.jwks", IDP.writeJwks(dir.resolve("jwks.json")).toString());
        s.put("credence.security.issuer", TestTokens.ISSUER);
        s.put("credence.security.audience", TestTokens.AUDIENCE);
        service = ServiceRuntime.start(ServiceSettings.load(s), store -> audit, List.of(), views);
        base = "https://localhost:" + port;
        HttpResponse<String> own = post(KEYS.get("decide"));
        assertEquals(200, own.statusCode(), own.body());
        ownDecision = body(own).get("decisionId").asString();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String token) throws Exception {
        return send("POST", "/api/v1/decisions", token,
                ServiceFixture.application("SEC-" + APPLICATIONS.incrementAndGet(), 0.1));
    }

    static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /**
     * The role table: method, path ({@code {own}} is a decision of the decide key), and the status
     * for decide, review, review-pii, admin, metrics (a scraper's key), a key without roles, and no credentials. Allowed is
     * 2xx, or 404 where the page belongs to the browser side and is not there yet.
     */
    static final String[] TABLE = {
        "GET  /health/live                   200 200 200 200 200 200 200",
        "GET  /health                        200 200 200 200 200 200 401",
        "GET  /health/ready                  200 200 200 200 200 200 401",
        "POST /api/v1/decisions              200 403 403 403 403 403 401",
        "GET  /api/v1/decisions/{own}        200 200 403 403 403 403 401",
        "GET  /api/v1/decisions/unknown-id   404 404 403 403 403 403 401",
        "GET  /api/v1/decisions/{own}/notice 403 409 403 403 403 403 401",
        "GET  /audit                         403 200 403 403 403 403 401",
        "GET  /audit/decisions/{own}         403 200 403 403 403 403 401",
        "GET  /audit/access                  403 403 403 200 403 403 401",
        "POST /audit/decisions/{own}/reveal  403 403 403 403 403 403 401",
        "GET  /audit/sign-in                 404 404 404 404 404 404 404",
        "POST /admin/reload                  403 403 403 404 403 403 401",
        "GET  /metrics                       403 403 403 200 200 403 401",
        "GET  /no/such/thing                 404 404 404 404 404 404 401",
    };

    static Stream<Arguments> table() {
        List<Arguments> cases = new ArrayList<>();
        for (String row : TABLE) {
            String[] cells = row.trim().split("\\s+");
            for (int i = 0; i < CALLERS.size(); i++) {
                cases.add(Arguments.of(cells[0], cells[1], CALLERS.get(i), Integer.parseInt(cells[2 + i])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{2}: {0} {1} -> {3}")
    @MethodSource("table")
    void eachRoleGetsWhatThePolicyGivesItAndNothingElse(String method, String path, String caller, int expected)
            throws Exception {
        String body = method.equals("POST") && path.equals("/api/v1/decisions")
                ? ServiceFixture.application("SEC-" + APPLICATIONS.incrementAndGet(), 0.1)
                : method.equals("POST") ? "{}" : null;

        HttpResponse<String> response = send(method, path.replace("{own}", ownDecision), KEYS.get(caller), body);

        assertEquals(expected, response.statusCode(), response.body());
        if (expected == 401) {
            assertEquals("Bearer realm=\"credence\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
            assertTrue(body(response).get("violations").isEmpty(), response.body());
        }
        if (expected == 403) {
            String error = body(response).get("error").asString();
            assertTrue(error.startsWith("this needs ") || error.contains("needs the role review"), error);
            assertTrue(body(response).get("violations").isEmpty(), response.body());
        }
    }

    /** Tokens and whether they are accepted; each is tried on GET /health (any principal). */
    static Stream<Arguments> tokens() {
        Instant now = Instant.now();
        JWTClaimsSet good = TestTokens.claims("alice", "decide").build();
        Map<String, String> t = new LinkedHashMap<>();
        t.put("RS256", IDP.rs256(good));
        t.put("ES256", IDP.es256(good));
        t.put("EdDSA", IDP.eddsa(good));
        t.put("expired 30 s ago, within the 60 s skew",
                IDP.rs256(TestTokens.claims("alice").expirationTime(Date.from(now.minusSeconds(30))).build()));
        t.put("wrong issuer", IDP.rs256(TestTokens.claims("alice").issuer("https://evil.example/realms/credit").build()));
        t.put("wrong audience", IDP.rs256(TestTokens.claims("alice").audience("another-service").build()));
        t.put("expired", IDP.es256(TestTokens.claims("alice").expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build()));
        t.put("not yet valid", IDP.eddsa(TestTokens.claims("alice").notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10)))).build()));
        t.put("no expiry", IDP.rs256(TestTokens.claims("alice").expirationTime(null).build()));
        t.put("no subject", IDP.rs256(TestTokens.claims("alice").subject(null).build()));
        t.put("alg none", TestTokens.unsigned(good));
        t.put("HS256 with the RSA public key", IDP.hs256WithTheRsaPublicKey(good));
        t.put("HS256 with the RSA public key as PEM", IDP.hs256WithTheRsaPublicKeyPem(good));
        t.put("unknown kid", TestTokens.rs256ByAStranger("rsa-9", good));
        t.put("known kid, another key", TestTokens.rs256ByAStranger("rsa-1", good));
        t.put("tampered payload", TestTokens.tampered(IDP.rs256(good), TestTokens.claims("mallory", "admin").build()));
        t.put("not a token", "definitely-not-a-token");
        return t.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(),
                e.getKey().length() <= 5 || e.getKey().startsWith("expired 30 s") ? 200 : 401));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("tokens")
    void onlyValidTokensOfTheProviderAreAccepted(String what, String token, int expected) throws Exception {
        HttpResponse<String> response = send("GET", "/health", token, null);

        assertEquals(expected, response.statusCode(), what + ": " + response.body());
        if (expected == 401) {
            assertEquals("Bearer realm=\"credence\", error=\"invalid_token\"",
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals("{\"error\":\"the credentials were refused\",\"violations\":[]}", response.body());
        }
    }

    @Test
    void aTokensRolesComeFromItsClaimAndItsDecisionsAreItsOwn() throws Exception {
        String decider = IDP.es256(TestTokens.claims("svc-portal", "decide").build());
        String reviewer = IDP.eddsa(TestTokens.claims("rita").claim("roles", "review review-pii").build());

        HttpResponse<String> decided = post(decider);
        String id = body(decided).get("decisionId").asString();

        assertEquals(200, decided.statusCode(), decided.body());
        assertEquals("jwt:svc-portal", body(decided).get("requestedBy").asString());
        assertEquals(200, send("GET", "/api/v1/decisions/" + id, decider, null).statusCode());
        assertEquals(403, send("GET", "/api/v1/decisions/" + id, KEYS.get("decide"), null).statusCode());
        assertEquals(200, send("GET", "/audit", reviewer, null).statusCode());
        assertEquals(403, send("POST", "/api/v1/decisions", reviewer, "{}").statusCode());
    }

    @Test
    void aDecideKeyReadsItsOwnDecisionButNotAnotherClientsWhichReviewersRead() throws Exception {
        HttpResponse<String> posted = post(KEYS.get("decide"));
        String id = body(posted).get("decisionId").asString();

        HttpResponse<String> own = send("GET", "/api/v1/decisions/" + id, KEYS.get("decide"), null);
        HttpResponse<String> other = send("GET", "/api/v1/decisions/" + id, KEYS.get("decide-other"), null);
        HttpResponse<String> reviewed = send("GET", "/api/v1/decisions/" + id, KEYS.get("review"), null);

        assertEquals(200, own.statusCode(), own.body());
        assertEquals("api-key:decide", body(own).get("requestedBy").asString());
        assertEquals(403, other.statusCode(), other.body());
        assertEquals("this decision was requested by another client; reading it needs the role review",
                body(other).get("error").asString());
        assertFalse(other.body().contains("APPROVE") || other.body().contains("api-key:decide"), other.body());
        assertEquals(200, reviewed.statusCode(), reviewed.body());
        AuditEntry stored = audit.entries().stream().filter(e -> e.decisionId().equals(id)).findFirst().orElseThrow();
        assertEquals("api-key:decide", stored.requestedBy());
        // No input values in the API answer: personal data stays masked for reviewers too.
        assertFalse(reviewed.body().contains("monthlyIncome") || reviewed.body().contains("rawInput"), reviewed.body());
        List<AccessEvent> viewsOfIt = views.all().stream().filter(e -> id.equals(e.decisionId())).toList();
        assertEquals(List.of("api-key:decide", "api-key:review"), viewsOfIt.stream().map(AccessEvent::principal).toList(),
                "the same identity as the record's requestedBy");
        assertTrue(viewsOfIt.stream().allMatch(e -> e.action().equals("view-decision") && e.detail().equals("api")));
    }

    @Test
    void aRevokedKeyIsRefusedOnItsNextRequestWithoutARestart() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CredenceService()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("keys", "add", "--file", keyFile.toString(), "--name", "temporary", "--roles", "decide"));
        String key = out.toString().strip();
        assertEquals(200, send("GET", "/health", key, null).statusCode());
        assertEquals(200, post(key).statusCode());

        assertEquals(0, cli.execute("keys", "revoke", "--file", keyFile.toString(), "--name", "temporary"));

        HttpResponse<String> refused = send("GET", "/health", key, null);
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("Bearer realm=\"credence\", error=\"invalid_token\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, post(key).statusCode());
        assertEquals(200, send("GET", "/health", KEYS.get("none"), null).statusCode(), "the other keys still work");
    }

    @Test
    void aClientCannotNameItsOwnPrincipalInAHeader() throws Exception {
        HttpRequest spoofed = HttpRequest.newBuilder(URI.create(base + "/audit")).GET()
                .header("X-Credence-Principal", "admin")
                .header("X-Credence-Principal-Roles", "review")
                .header("CamelVertxPlatformHttpAuthenticatedUser", "{\"credence\":true,\"name\":\"x\",\"roles\":[\"review\"]}")
                .build();

        HttpResponse<String> response = CLIENT.send(spoofed, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void aRejectedApplicationRecordsWhoSentIt() throws Exception {
        HttpResponse<String> rejected = send("POST", "/api/v1/decisions", KEYS.get("decide"), "[]");

        assertEquals(400, rejected.statusCode(), rejected.body());
        String id = body(rejected).get("decisionId").asString();
        AuditEntry stored = audit.entries().stream().filter(e -> e.decisionId().equals(id)).findFirst().orElseThrow();
        assertEquals(AuditEntry.Status.REJECTED, stored.status());
        assertEquals("api-key:decide", stored.requestedBy());
    }

    @Test
    void withoutCredentialsNothingIsRecorded() throws Exception {
        int before = audit.entries().size();

        assertEquals(401, send("POST", "/api/v1/decisions", null, ServiceFixture.application("SEC-X", 0.1)).statusCode());

        assertEquals(before, audit.entries().size());
        assertNull(audit.entries().stream().filter(e -> "SEC-X".equals(e.applicationId())).findFirst().orElse(null));
        assertTrue(Files.exists(keyFile));
    }
}
