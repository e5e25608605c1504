package io.credence.rules.service.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Live reload over real HTTP on a real service (H2 audit store): rule bases swapped under load,
 * a broken policy refused, models hot-swapped under load, a tampered model refused, and the models
 * folder watched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadServiceTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String CUT_OFFS = "cut-offs.drl.csv";
    static final String BANDS_SCENARIOS = "scenarios/referrals.csv";

    @TempDir
    static Path dir;
    static Path policy;
    static Path models;
    static ServiceRuntime service;
    static String base;
    /** The shipped policy (limit policy.refer_amount 50000) and the same with 60000, as files. */
    static Map<String, String> policyA;
    static Map<String, String> policyB;

    @BeforeAll
    static void start() throws Exception {
        models = dir.resolve("models");
        ServiceFixture.writeCreditDefault(models);
        policy = dir.resolve("policy");
        PolicyFiles.classpath().writeTo(policy);
        // Its model is the test model (input risk_signal): the scenarios with the real model's inputs go.
        Files.delete(policy.resolve("scenarios/scored-by-the-model.csv"));
        Files.delete(policy.resolve("scenarios/scored-with-a-history.csv"));
        policyA = Map.of(CUT_OFFS, Files.readString(policy.resolve(CUT_OFFS)),
                BANDS_SCENARIOS, Files.readString(policy.resolve(BANDS_SCENARIOS)));
        policyB = Map.of(CUT_OFFS, replace(policyA.get(CUT_OFFS), "Limit,policy.refer_amount,50000,", "Limit,policy.refer_amount,60000,"),
                BANDS_SCENARIOS, replace(policyA.get(BANDS_SCENARIOS), "REFER-AMOUNT-50001,35,10000,500,50001,",
                        "REFER-AMOUNT-60001,35,10000,500,60001,"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.models.dir", models.toString());
        s.put("credence.rules.dir", policy.toString());
        s.put("credence.execution-provider", "cpu");
        // The test packages are signed with the test key (ModelPackages.write); the service trusts it.
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        // The machine running the tests is shared and slow: the audit bound must not be what fails a request here.
        s.put("credence.audit.append-timeout", "60s");
        s.put("credence.models.watch", "true");
        s.put("credence.models.watch-interval", "300ms");
        service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), "the shipped policy holds " + from);
        return text.replace(from, to);
    }

    static void writePolicy(Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(policy.resolve(f.getKey()), f.getValue());
        }
    }

    /** A clean application the test model scores at 5 %, asking for 55,000: above limit A (refer), below B (approve). */
    static String application(String id) {
        return String.format(Locale.ROOT, """
                {"applicationId": "%s", "applicantAge": 35, "monthlyIncome": 10000, "monthlyDebtPayments": 500,
                 "requestedAmount": 55000, "termMonths": 120, "employmentStatus": "EMPLOYED",
                 "worstDelinquencyMonths": 0, "modelInputs": {"risk_signal": %.6f}}""", id, ServiceFixture.signalFor(0.05));
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json");
        request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Deciders posting fresh applications until {@code stop}; every answer that is not a 200 DECIDED is a failure. */
    record Load(List<String> decisionIds, List<String> failures, List<Future<?>> threads) {
        static Load start(ExecutorService pool, int threads, String prefix, AtomicBoolean stop) {
            Load load = new Load(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                    new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                load.threads.add(pool.submit(() -> {
                    while (!stop.get()) {
                        String id = prefix + next.incrementAndGet();
                        try {
                            HttpResponse<String> answer = post("/api/v1/decisions", application(id));
                            JsonNode body = JSON.readTree(answer.body());
                            if (answer.statusCode() != 200 || !"DECIDED".equals(body.path("status").asString())) {
                                load.failures.add(id + ": " + answer.statusCode() + " " + answer.body());
                            } else {
                                load.decisionIds.add(body.get("decisionId").asString());
                            }
                        } catch (Exception e) {
                            load.failures.add(id + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            return load;
        }

        void await() throws Exception {
            for (Future<?> f : threads) {
                f.get();
            }
        }
    }

    static RuleBaseVersion serving() {
        return service.state().engine().ruleBase();
    }

    @Test
    @Order(1)
    void rulesReloadedUnderLoadLeaveEveryRecordDecidedByExactlyOneRuleBaseAndConsistentWithIt() throws Exception {
        RuleBaseVersion a = serving();
        Map<String, String> expected = new HashMap<>();   // drlSha256 -> the outcome that rule base gives
        expected.put(a.drlSha256(), "REFER");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean stop = new AtomicBoolean();
        Load load = Load.start(pool, 8, "RL-", stop);
        try {
            for (int i = 1; i <= 5; i++) {
                Map<String, String> files = i % 2 == 1 ? policyB : policyA;
                writePolicy(files);
                HttpResponse<String> answer = post(ReloadRoutes.RULES_PATH, null);
                assertEquals(200, answer.statusCode(), answer.body());
                JsonNode result = JSON.readTree(answer.body());
                assertEquals("swapped", result.get("result").asString(), answer.body());
                String sha = result.at("/serving/ruleBase/drlSha256").asString();
                assertEquals(serving().drlSha256(), sha);
                expected.put(sha, files == policyB ? "APPROVE" : "REFER");
                Thread.sleep(300);   // decisions on each state
            }
        } finally {
            stop.set(true);
            load.await();
            pool.shutdown();
        }
        assertEquals(List.of(), load.failures(), "failed requests");
        assertEquals(2, expected.size(), "two rule bases, A and B: " + expected);
        Map<String, Integer> perRuleBase = new HashMap<>();
        for (String id : load.decisionIds()) {
            AuditEntry entry = service.audit().find(id).orElseThrow().entry();
            String sha = entry.ruleBase().drlSha256();
            assertTrue(expected.containsKey(sha), id + " names a rule base that never served: " + entry.ruleBase());
            assertEquals(expected.get(sha), entry.outcome(), id + " decided by " + entry.ruleBase());
            assertTrue(entry.ruleBase().coordinates().contains(CUT_OFFS), "the record names the files: " + entry.ruleBase());
            perRuleBase.merge(sha, 1, Integer::sum);
        }
        assertEquals(2, perRuleBase.size(), "decisions on both rule bases: " + perRuleBase);
        System.out.println("rules reload under load: " + load.decisionIds().size() + " decisions, per rule base " + perRuleBase
                + ", 0 failed");
    }

    @Test
    @Order(2)
    void aBrokenPolicyIsRefusedWithFileAndLineAndTheOldOneKeepsServing() throws Exception {
        RuleBaseVersion before = serving();
        Path knockouts = policy.resolve("knockouts.drl");
        String good = Files.readString(knockouts);
        try {
            Files.writeString(knockouts, good + "\nrule \"broken\"\nwhen\n    LoanApplication( applicantAge > )\nthen\nend\n");
            HttpResponse<String> answer = post(ReloadRoutes.RULES_PATH, null);
            assertEquals(422, answer.statusCode(), answer.body());
            JsonNode result = JSON.readTree(answer.body());
            assertEquals("refused", result.get("result").asString());
            JsonNode problem = result.get("problems").get(0);
            assertEquals("knockouts.drl", problem.get("file").asString(), answer.body());
            assertTrue(problem.get("line").asInt() > 0, answer.body());
            assertEquals(before, serving());

            // Compiles, but a scenario fails: refused too, naming the scenario.
            Files.writeString(knockouts, good);
            writePolicy(Map.of(CUT_OFFS, replace(Files.readString(policy.resolve(CUT_OFFS)),
                    "Limit,credit-default.decline_above,0.35,", "Limit,credit-default.decline_above,0.60,")));
            HttpResponse<String> failing = post(ReloadRoutes.RULES_PATH, null);
            assertEquals(422, failing.statusCode(), failing.body());
            JsonNode failed = JSON.readTree(failing.body()).get("failedScenarios");
            assertTrue(failed.toString().contains("MODEL-DECLINE-50"), failing.body());
            assertEquals(before, serving());
        } finally {
            Files.writeString(knockouts, good);
        }
        HttpResponse<String> decided = post("/api/v1/decisions", application("BROKEN-1"));
        assertEquals(200, decided.statusCode(), decided.body());
        String id = JSON.readTree(decided.body()).get("decisionId").asString();
        assertEquals(before, service.audit().find(id).orElseThrow().entry().ruleBase());

        JsonNode health = JSON.readTree(get("/health").body());
        assertTrue(health.toString().contains("\"lastReload\""), health.toString());
        assertTrue(health.toString().contains("refused"), health.toString());
        assertTrue(reloads("rules", "refused") >= 2, get("/metrics").body());
        assertTrue(reloads("rules", "swapped") >= 5);
    }

    @Test
    @Order(3)
    void modelsSwappedUnderLoadAnswerEveryRequestAndScoreWithTheNewVersionAfterwards() throws Exception {
        writePolicy(policyA);
        assertEquals(200, post(ReloadRoutes.RULES_PATH, null).statusCode());
        DecisionState old = service.state();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean stop = new AtomicBoolean();
        Load load = Load.start(pool, 8, "ML-", stop);
        try {
            Thread.sleep(300);
            writeVersion("1.1.0", false);
            HttpResponse<String> answer = post(ReloadRoutes.MODELS_PATH, null);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("credit-default@1.1.0"), answer.body());
            Thread.sleep(300);
        } finally {
            stop.set(true);
            load.await();
            pool.shutdown();
        }
        assertEquals(List.of(), load.failures(), "failed requests");
        // Once no decision used it, the state swapped out released its registry, which closed (no version left).
        assertTrue(old.released(), old.toString());
        assertEquals(List.of(), old.models().names());
        assertFalse(service.state().released());
        Set<String> versions = new java.util.TreeSet<>();
        for (String id : load.decisionIds()) {
            AuditEntry entry = service.audit().find(id).orElseThrow().entry();
            entry.scores().stream().map(ScoreSummary::version).forEach(versions::add);
        }
        assertEquals(Set.of("1.0.0", "1.1.0"), versions, "decisions scored by the old and the new version");
        System.out.println("models reload under load: " + load.decisionIds().size() + " decisions, versions " + versions
                + ", 0 failed");
        HttpResponse<String> after = post("/api/v1/decisions", application("ML-AFTER"));
        String id = JSON.readTree(after.body()).get("decisionId").asString();
        assertEquals("1.1.0", service.audit().find(id).orElseThrow().entry().scores().get(0).version());
    }

    @Test
    @Order(4)
    void aTamperedModelIsRefusedAndTheOldModelsKeepServing() throws Exception {
        List<String> before = service.state().models().cards().stream().map(c -> c.id()).sorted().toList();
        Path tampered = writeVersion("1.2.0", true);
        HttpResponse<String> answer = post(ReloadRoutes.MODELS_PATH, null);
        assertEquals(422, answer.statusCode(), answer.body());
        JsonNode result = JSON.readTree(answer.body());
        assertEquals("refused", result.get("result").asString());
        assertTrue(result.get("refusedModels").toString().contains("1.2.0"), answer.body());
        assertEquals(before, service.state().models().cards().stream().map(c -> c.id()).sorted().toList());
        HttpResponse<String> decided = post("/api/v1/decisions", application("TAMPERED-1"));
        assertEquals(200, decided.statusCode(), decided.body());
        assertTrue(reloads("models", "refused") >= 1);
        // The package goes; the folder holds the served versions again.
        try (var files = Files.walk(tampered)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(5)
    void aNewVersionCopiedIntoTheWatchedFolderServesWithoutARequest() throws Exception {
        writeVersion("2.0.0", false);
        long deadline = System.nanoTime() + 60_000_000_000L;
        // The reloader swaps the state first and records the result after it: wait for both.
        while (System.nanoTime() < deadline && (service.state().models().cards().stream()
                .noneMatch(c -> c.version().equals("2.0.0"))
                || !"watch".equals(service.reloader().last().map(ReloadResult::trigger).orElse("")))) {
            Thread.sleep(100);
        }
        assertTrue(service.state().models().cards().stream().anyMatch(c -> c.version().equals("2.0.0")),
                "the watch swapped in 2.0.0");
        assertEquals("watch", service.reloader().last().orElseThrow().trigger());
        HttpResponse<String> decided = post("/api/v1/decisions", application("WATCHED-1"));
        String id = JSON.readTree(decided.body()).get("decisionId").asString();
        assertEquals("2.0.0", service.audit().find(id).orElseThrow().entry().scores().get(0).version());
    }

    @Test
    @Order(6)
    void aRoutingFileTakenByAModelsReloadSplitsTrafficScoresShadowsAndIsDroppedByTheNextReload() throws Exception {
        // 1.0.0, 1.1.0 and 2.0.0 are in the folder (the start, tests 3 and 5); 2.0.0, the highest, serves.
        Path routingFile = models.resolve(io.credence.plugin.registry.ModelRouting.FILE);
        Files.writeString(routingFile, "credit-default.champion = 1.1.0\ncredit-default.challenger = 2.0.0\n"
                + "credit-default.challenger.share = 0.5\ncredit-default.shadow = 1.3.0\n");
        writeVersion("1.3.0", false);
        HttpResponse<String> answer = post(ReloadRoutes.MODELS_PATH, null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode serving = JSON.readTree(answer.body()).get("serving");
        assertTrue(serving.get("routing").toString().contains("1.1.0") && serving.get("routing").toString().contains("2.0.0"),
                answer.body());

        Map<String, String> decidedBy = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) {
            String applicationId = "ROUTED-" + i;
            HttpResponse<String> decided = post("/api/v1/decisions", application(applicationId));
            assertEquals(200, decided.statusCode(), decided.body());
            AuditEntry entry = service.audit().find(JSON.readTree(decided.body()).get("decisionId").asString())
                    .orElseThrow().entry();
            List<ScoreSummary> assigned = entry.scores().stream().filter(sc -> !sc.shadow()).toList();
            List<ScoreSummary> shadows = entry.scores().stream().filter(ScoreSummary::shadow).toList();
            assertEquals(1, assigned.size(), entry.scores().toString());
            ScoreSummary decidedWith = assigned.get(0);
            assertEquals(decidedWith.version().equals("1.1.0") ? "champion" : "challenger", decidedWith.role(),
                    decidedWith.toString());
            assertTrue(Set.of("1.1.0", "2.0.0").contains(decidedWith.version()), decidedWith.toString());
            assertEquals(List.of("1.3.0"), shadows.stream().map(ScoreSummary::version).toList(), "the shadow scored too");
            assertEquals(shadows.get(0).value(), decidedWith.value(), 1e-6,
                    "the three versions are the same test model, so they agree");
            decidedBy.put(applicationId, decidedWith.version());
        }
        long challenger = decidedBy.values().stream().filter("2.0.0"::equals).count();
        assertTrue(challenger > 15 && challenger < 45, "about half of 60 to the challenger, was " + challenger);
        // A re-decision of the same application (another input, so a new decision) gets the same version.
        for (int i = 0; i < 10; i++) {
            String applicationId = "ROUTED-" + i;
            HttpResponse<String> again = post("/api/v1/decisions", application(applicationId).replace("\"termMonths\": 120",
                    "\"termMonths\": 96"));
            assertEquals(200, again.statusCode(), again.body());
            AuditEntry entry = service.audit().find(JSON.readTree(again.body()).get("decisionId").asString()).orElseThrow()
                    .entry();
            assertEquals(decidedBy.get(applicationId), entry.scores().stream().filter(sc -> !sc.shadow()).findFirst()
                    .orElseThrow().version(), applicationId);
        }

        Files.delete(routingFile);
        assertEquals(200, post(ReloadRoutes.MODELS_PATH, null).statusCode());
        HttpResponse<String> unrouted = post("/api/v1/decisions", application("UNROUTED-1"));
        AuditEntry entry = service.audit().find(JSON.readTree(unrouted.body()).get("decisionId").asString()).orElseThrow()
                .entry();
        assertEquals(List.of("2.0.0"), entry.scores().stream().map(ScoreSummary::version).toList(),
                "without the routing file the highest version serves alone, no shadow");
    }

    /** Writes credit-default {@code version} (the test model, signed); {@code tampered}: its ONNX file changed after it was signed. */
    static Path writeVersion(String version, boolean tampered) throws Exception {
        Path staging = dir.resolve("staging-" + version);
        Path pkg = ModelPackages.write(staging, ModelPackages.card("credit-default", version,
                List.of(FeatureSpec.numeric("risk_signal", 0, 1))),
                TestOnnxModels.logistic("features", new float[] {1f}, 0f, "probability", Map.of()));
        if (tampered) {
            byte[] onnx = Files.readAllBytes(pkg.resolve("model.onnx"));
            onnx[onnx.length - 1] ^= 1;
            Files.write(pkg.resolve("model.onnx"), onnx);
        }
        Path target = models.resolve("credit-default").resolve(version);
        Files.move(pkg, target);   // in one step, as an operator would copy a package in
        return target;
    }

    /** {@code credence_reloads_total{kind, result}} as {@code GET /metrics} shows it. */
    static double reloads(String kind, String result) throws Exception {
        String text = get("/metrics").body();
        Matcher m = Pattern.compile("credence_reloads_total\\{kind=\"" + kind + "\",result=\"" + result + "\",?\\} ([0-9.E]+)")
                .matcher(text);
        assertTrue(m.find(), "credence_reloads_total{kind=" + kind + ",result=" + result + "} in " + text);
        return Double.parseDouble(m.group(1));
    }
}
