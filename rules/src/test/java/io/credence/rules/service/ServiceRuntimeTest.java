package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.access.JdbcAccessLog;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UsersFile;
import io.credence.rules.service.cli.CredenceService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The assembled service as `serve` starts it: settings, models from a folder, the JDBC audit log, HTTP. */
class ServiceRuntimeTest {

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Map<String, String> settings(int port) {
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        return s;
    }

    @Test
    void servesDecisionsFromAFolderOfModelsAndAuditsThemInTheJdbcLog() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        int port = freePort();
        HttpClient client = HttpClient.newHttpClient();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(settings(port)), AuditLogFactory.JDBC)) {
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/decisions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("RT-1", 0.1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/decisions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/audit"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"decision\":\"APPROVE\""), ok.body());
            assertEquals(400, bad.statusCode());
            assertEquals(200, page.statusCode(), "without a users file the page is open, masked");
            assertEquals("loopback:anonymous", service.accessLog().recent(1).get(0).principal());
            assertTrue(service.sessionAuthenticator().isEmpty());
        }
        try (JdbcAuditLog log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "")) {
            List<AuditEntry.Status> statuses = log.search(new AuditQuery(null, null, null, null, null, null, 10)).stream()
                    .map(r -> r.entry().status()).toList();
            assertEquals(List.of(AuditEntry.Status.REJECTED, AuditEntry.Status.DECIDED), statuses);
            assertTrue(log.verify().intact());
        }
    }

    @Test
    void aPolicyFolderDecidesInsteadOfTheKjarAndEveryRecordNamesIt() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        Path policy = dir.resolve("policy");
        PolicyFiles.classpath().writeTo(policy);
        Path table = policy.resolve("cut-offs.drl.csv");
        // one edit: a person reviews every application above 5 % (the KJAR approves up to 20 %)
        Files.writeString(table, Files.readString(table).replace("Limit,credit-default.refer_above,0.20,",
                "Limit,credit-default.refer_above,0.05,"));
        int port = freePort();
        Map<String, String> s = settings(port);
        s.put("credence.rules.dir", policy.toString());
        HttpClient client = HttpClient.newHttpClient();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            HttpResponse<String> decided = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/decisions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("RT-FOLDER", 0.1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, decided.statusCode(), decided.body());
            assertTrue(decided.body().contains("\"decision\":\"REFER\""), decided.body());
            assertTrue(decided.body().contains("MODEL_MEDIUM_RISK"), decided.body());
        }
        try (JdbcAuditLog log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "")) {
            AuditEntry entry = log.search(new AuditQuery(null, null, null, null, null, null, 10)).get(0).entry();
            assertTrue(entry.ruleBase().coordinates().startsWith("folder:" + policy.toAbsolutePath().normalize()),
                    entry.ruleBase().coordinates());
            assertEquals(PolicyFiles.folder(policy).digest(), entry.ruleBase().drlSha256());
            assertTrue(!entry.ruleBase().drlSha256().equals(PolicyFiles.classpath().digest()));
            assertEquals(0.05, entry.cutOffs().get("credit-default.refer_above"));
        }
    }

    @Test
    void aPolicyFolderWithProblemsStopsTheStartNamingThem() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Path policy = dir.resolve("policy");
        PolicyFiles.classpath().writeTo(policy);
        Files.writeString(policy.resolve("referrals.drl"), Files.readString(policy.resolve("referrals.drl"))
                .replace("REFER_UNEMPLOYED", "REFER_NO_JOB"));
        Map<String, String> s = settings(freePort());
        s.put("credence.rules.dir", policy.toString());
        PolicyException refused = assertThrows(PolicyException.class,
                () -> ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC));
        assertTrue(refused.getMessage().contains("referrals.drl line"), refused.getMessage());
        assertTrue(refused.getMessage().contains("REFER_NO_JOB is not in reason-codes.csv"), refused.getMessage());
    }

    @Test
    void aUsersFileTurnsBrowserSignInOnAndThePageSendsStrangersToIt() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Path users = dir.resolve("users.json");
        new UsersFile(users).save(UsersFile.Users.NONE.with(new User("rita", Set.of(Role.REVIEW),
                new Passwords(Passwords.MIN_COST).hash("rita's long passphrase"), Instant.now())));
        int port = freePort();
        Map<String, String> s = settings(port);
        s.put("credence.security.users", users.toString());
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/audit"))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/decisions/dec-1")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(401, api.statusCode(), "the users file turns access control on for the API too");
            assertEquals(200, page.statusCode());
            assertEquals("/audit/sign-in", page.uri().getPath(), "redirected to the sign-in form");
            assertTrue(page.body().contains("name=\"password\""), page.body());
            assertTrue(service.sessionAuthenticator().isPresent());
            assertEquals(Duration.ofMinutes(15), ServiceSettings.load(s).signIn().idleTimeout());
        }
    }

    @Test
    void apiViewsOfADecisionAreInTheDurableAccessLogOfTheAuditStore() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Path keys = dir.resolve("api-keys.json");
        String portal = ApiKey.newKey();
        String auditor = ApiKey.newKey();
        ApiKeyFile.write(keys, List.of(ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), portal),
                ApiKey.of("auditor", Set.of(Role.REVIEW), Instant.now(), auditor)));
        int port = freePort();
        Map<String, String> s = settings(port);
        s.put("credence.security.api-keys", keys.toString());
        HttpClient client = HttpClient.newHttpClient();
        String decisionId;
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            HttpResponse<String> decided = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/decisions")).header("Content-Type", "application/json").header("Authorization", "Bearer " + portal)
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("RT-9", 0.1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, decided.statusCode(), decided.body());
            decisionId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(decided.body()).get("decisionId").asText();
            HttpResponse<String> viewed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/decisions/" + decisionId)).header("Authorization", "Bearer " + auditor).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, viewed.statusCode(), viewed.body());
            assertTrue(service.accessLog() instanceof JdbcAccessLog, service.accessLog().toString());
        }
        // After the service stopped: the view is in the store's audit_access table.
        try (JdbcAuditLog log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "")) {
            List<AccessEvent> events = new JdbcAccessLog(log.pool(), log.toString()).recent(10);
            assertEquals(1, events.size(), events.toString());
            assertEquals("api-key:auditor", events.get(0).principal());
            assertEquals("view-decision", events.get(0).action());
            assertEquals(decisionId, events.get(0).decisionId());
            assertEquals("api", events.get(0).detail());
        }
    }

    @Test
    void startsWithoutAnyModelAndRefersEverything() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        InMemoryAuditLog audit = new InMemoryAuditLog();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(settings(freePort())), store -> audit)) {
            ServiceOutcome outcome = service.service().decide(Channel.REST, ServiceFixture.application("RT-2", 0.01));
            assertEquals("REFER", outcome.record().entry().outcome());
        }
    }

    @Test
    void settingsNameTheKeyAndValueThatAreWrong() {
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.port", "eighty");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(s));
        assertEquals("credence.http.port must be a whole number, was eighty", e.getMessage());
    }

    @Test
    void bearerTokensNeedAnIssuerAndAnAudienceAndABoundedSkew() {
        Map<String, String> s = settings(8080);
        s.put("credence.security.jwks", "jwks.json");
        s.put("credence.security.audience", "credence");
        IllegalArgumentException noIssuer = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(s));
        assertTrue(noIssuer.getMessage().startsWith("credence.security.issuer is required with credence.security.jwks"),
                noIssuer.getMessage());

        s.put("credence.security.issuer", "https://idp.example.test/realms/credit");
        s.put("credence.security.clock-skew", "10m");
        IllegalArgumentException skew = assertThrows(IllegalArgumentException.class, () -> ServiceSettings.load(s));
        assertEquals("credence.security.clock-skew must be 0s..5m, was PT10M", skew.getMessage());
    }

    @Test
    void aMissingApiKeyFileStopsTheStartNamingIt() {
        Map<String, String> s = settings(8080);
        s.put("credence.security.api-keys", dir.resolve("no-such-keys.json").toString());
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> ServiceRuntime.start(ServiceSettings.load(s), store -> new InMemoryAuditLog()));
        assertTrue(e.getMessage().contains("no-such-keys.json"), e.getMessage());
    }

    @Test
    void serveDocumentsItsOptions() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new CredenceService()).setOut(new PrintWriter(out)).execute("serve", "--help");
        assertEquals(0, exit);
        for (String option : List.of("--port", "--models", "--trusted-keys", "--allow-unsigned-models", "--audit-db", "--execution-provider", "--api-keys", "--jwks",
                "--issuer", "--audience", "--roles-claim", "--users")) {
            assertTrue(out.toString().contains(option), out.toString());
        }
    }

    @Test
    void serveOffersSecretsByFileAndMarksThePasswordOptionDeprecated() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new CredenceService()).setOut(new PrintWriter(out)).execute("serve", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertEquals(0, exit);
        for (String option : List.of("--audit-password-file", "--tls-cert", "--tls-key", "--tls-keystore",
                "--tls-keystore-password-file", "--insecure", "CREDENCE_AUDIT_PASSWORD", "CREDENCE_TLS_KEYSTORE_PASSWORD",
                "default 127.0.0.1")) {
            assertTrue(help.contains(option), option + " in: " + help);
        }
        assertTrue(help.contains("--audit-password=PASSWORD DEPRECATED: visible in the process list"), help);
    }

    @Test
    void theDocsExampleIsAValidApplication() throws Exception {
        ServiceFixture.READER.read(Files.readString(Path.of("..", "docs", "examples", "approve.json"), StandardCharsets.UTF_8));
    }
}
