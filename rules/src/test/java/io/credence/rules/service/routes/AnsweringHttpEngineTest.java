package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.ApplicationHistory;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditEntryRefusedException;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.DuplicateInputException;
import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST channel does not hold a thread while a decision's audit record commits: with one HTTP
 * worker thread, many applications are decided and handed to the audit log at once, and each is
 * answered when its record is durable, not before.
 */
class AnsweringHttpEngineTest {

    static final int REQUESTS = 8;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static LoopbackRest rest;
    static String base;
    static final HeldAuditLog AUDIT = new HeldAuditLog();

    @BeforeAll
    static void start() throws Exception {
        registry = ServiceFixture.serveCreditDefault(models);
        // One worker thread for every request: a request that held it until its commit would hold up all others.
        rest = LoopbackRest.start(ServiceFixture.service(AUDIT), 65536, () -> new DecisionHttp.Readiness(true, Map.of()),
                camel -> camel.getRegistry().bind("vertx-options", new VertxOptions().setWorkerPoolSize(1)));
        base = rest.base();
    }

    @AfterAll
    static void stop() {
        if (rest != null) {
            rest.close();
        }
        ServiceFixture.stopServing(registry);
    }

    @Test
    void applicationsAreDecidedWhileEarlierRecordsWaitForTheirCommitAndAnsweredOnlyWhenDurable() throws Exception {
        AUDIT.hold();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answers.add(client.sendAsync(post(ServiceFixture.application("held-" + i, 0.05)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // All of them reach the audit log through the one worker thread, none answered yet.
        awaitWaiting(REQUESTS);
        Thread.sleep(200);
        assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "an answer before its record was durable");

        AUDIT.commitAll();
        Set<String> decisions = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode body = JSON.readTree(response.body());
            assertEquals("APPROVE", body.get("decision").asString(), response.body());
            decisions.add(body.get("decisionId").asString());
            assertEquals(body.get("decisionId").asString(), response.headers().firstValue(ServiceHeaders.DECISION_ID).orElse(null));
        }
        assertEquals(REQUESTS, decisions.size());
        assertEquals(REQUESTS, AUDIT.inner.entries().size());
    }

    @Test
    void aRecordNotDurableInTimeIs503AndReleasesNothing() throws Exception {
        AUDIT.hold();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(
                post(ServiceFixture.application("lost-1", 0.05)), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(1);
        AUDIT.failAll(new AuditUnavailableException("the audit record was not durable within 2000 ms", null));
        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
        assertTrue(!response.body().contains("decisionId\":\"") || JSON.readTree(response.body()).get("decisionId").isNull(),
                response.body());
        assertTrue(AUDIT.inner.entries().stream().noneMatch(e -> "lost-1".equals(e.applicationId())));
    }

    @Test
    void anInputAnotherRequestRecordedFirstIsReplayedFromTheStoreOffTheEventLoop() throws Exception {
        AUDIT.hold();
        HttpClient client = HttpClient.newHttpClient();
        String application = ServiceFixture.application("raced-1", 0.05);
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(post(application), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(1);
        AUDIT.commitAll();
        String firstId = JSON.readTree(first.get(20, TimeUnit.SECONDS).body()).get("decisionId").asString();

        // The same input again, as if both had passed the idempotency look-up at once: the store refuses
        // the second record as a duplicate, and the answer is the first decision, read from the store.
        AUDIT.hold();
        AUDIT.forgetHistory = true;
        AUDIT.storeThreads.clear();
        try {
            CompletableFuture<HttpResponse<String>> second = client.sendAsync(post(application),
                    HttpResponse.BodyHandlers.ofString());
            awaitWaiting(1);
            AUDIT.failAll(new DuplicateInputException(firstId, "recorded by another request first", null));
            HttpResponse<String> response = second.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(firstId, JSON.readTree(response.body()).get("decisionId").asString(), response.body());
        } finally {
            AUDIT.forgetHistory = false;
        }
        assertFalse(AUDIT.storeThreads.isEmpty(), "the replay read its record from the store");
        assertTrue(AUDIT.storeThreads.stream().noneMatch(t -> t.contains("eventloop")),
                "the store was asked on an event loop: " + AUDIT.storeThreads);
        assertEquals(1, AUDIT.inner.entries().stream().filter(e -> "raced-1".equals(e.applicationId())).count());
    }

    @Test
    void anEntryTheStoreRefusesIsRecordedAsARejectionOffTheEventLoop() throws Exception {
        AUDIT.hold();
        AUDIT.storeThreads.clear();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(
                post(ServiceFixture.application("refused-1", 0.05)), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(1);
        AUDIT.failAll(new AuditEntryRefusedException("value too long for column", "22001", null));
        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("input the audit log can store"), response.body());
        List<AuditEntry> recorded = AUDIT.inner.entries().stream().filter(e -> "refused-1".equals(e.applicationId())).toList();
        assertEquals(1, recorded.size());
        assertEquals(AuditEntry.Status.REJECTED, recorded.get(0).status());
        assertFalse(AUDIT.storeThreads.isEmpty(), "the rejection was appended");
        assertTrue(AUDIT.storeThreads.stream().noneMatch(t -> t.contains("eventloop")),
                "the store was written on an event loop: " + AUDIT.storeThreads);
    }

    private static void awaitWaiting(int appends) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (AUDIT.waiting() < appends && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(appends, AUDIT.waiting(), "appends handed to the audit log while earlier commits wait");
    }

    private static HttpRequest post(String json) {
        return HttpRequest.newBuilder(URI.create(base + RestRoutes.DECISIONS_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** The in-memory log, whose asynchronous appends wait until the test commits (or fails) them. */
    static final class HeldAuditLog implements AuditLog {

        final InMemoryAuditLog inner = new InMemoryAuditLog();
        private final ConcurrentLinkedQueue<Runnable> commits = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<CompletableFuture<AuditRecord>> held = new ConcurrentLinkedQueue<>();
        /** The threads that read or wrote the store synchronously (find, append). */
        final ConcurrentLinkedQueue<String> storeThreads = new ConcurrentLinkedQueue<>();
        /** When set, the idempotency look-up finds nothing, as when two requests pass it at once. */
        volatile boolean forgetHistory;

        void hold() {
            commits.clear();
            held.clear();
        }

        int waiting() {
            return held.size();
        }

        void commitAll() {
            for (Runnable commit; (commit = commits.poll()) != null; ) {
                commit.run();
            }
        }

        void failAll(RuntimeException failure) {
            commits.clear();
            for (CompletableFuture<AuditRecord> f; (f = held.poll()) != null; ) {
                f.completeExceptionally(failure);
            }
        }

        @Override
        public CompletableFuture<AuditRecord> appendAsync(AuditEntry entry, long receivedNanos) {
            CompletableFuture<AuditRecord> result = new CompletableFuture<>();
            commits.add(() -> {
                held.remove(result);
                result.complete(inner.append(entry));
            });
            held.add(result);
            return result;
        }

        @Override
        public AuditRecord append(AuditEntry entry) {
            storeThreads.add(Thread.currentThread().getName());
            return inner.append(entry);
        }

        @Override
        public String inputKey(String canonicalInput) {
            return inner.inputKey(canonicalInput);
        }

        @Override
        public ApplicationHistory history(String applicationId, String inputKey) {
            return forgetHistory ? ApplicationHistory.NONE : inner.history(applicationId, inputKey);
        }

        @Override
        public AuditHealth health() {
            return inner.health();
        }

        @Override
        public Optional<AuditRecord> find(String decisionId) {
            storeThreads.add(Thread.currentThread().getName());
            return inner.find(decisionId);
        }

        @Override
        public List<AuditRecord> search(AuditQuery query) {
            return inner.search(query);
        }

        @Override
        public ChainVerification verify() {
            return inner.verify();
        }

        @Override
        public Erasure erase(ErasureRequest request) {
            return inner.erase(request);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
