package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.TestPostgres;
import io.credence.rules.service.DelegatingAuditLog;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.batch.BatchSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The file batch channel on the real Camel file component: one results line per input record,
 * bad lines do not stop the file, an audit outage leaves the file to resume later, and a run
 * killed part-way is resumed to exactly one results line per record and one audit record per
 * application (H2 always, PostgreSQL when {@code CREDENCE_TEST_PG_URL} is set).
 */
class FileBatchRoutesTest extends CamelTestSupport {

    static final String PG_URL = System.getenv("CREDENCE_TEST_PG_URL");
    static final String PG_USER = envOr("CREDENCE_TEST_PG_USER", "credence");
    static final String PG_PASSWORD = envOr("CREDENCE_TEST_PG_PASSWORD", "credence");

    @TempDir
    static Path models;
    static ModelRegistry registry;

    @TempDir
    Path folder;
    final InMemoryAuditLog memory = new InMemoryAuditLog();
    /** The store the route's service writes to; a test may switch it before it starts the context. */
    AuditLog audit = memory;
    final List<JdbcAuditLog> opened = new ArrayList<>();

    static final String CSV_HEADER = BatchFileTest.CSV_HEADER;

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static Stream<String> stores() {
        return PG_URL == null || PG_URL.isBlank() ? Stream.of("h2") : Stream.of("h2", "postgresql");
    }

    @BeforeAll
    static void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterAll
    static void stop() {
        ServiceFixture.stopServing(registry);
    }

    @AfterEach
    void closeStores() {
        context.stop();
        opened.forEach(JdbcAuditLog::close);
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);   // each test starts the context when its files and store are ready
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new FileBatchRoutes(new BatchFile(ServiceFixture.service(new DelegatingAuditLog(() -> audit)),
                new BatchSettings(4096, 3, 4)),
                in(), out(), Duration.ofMillis(200));
    }

    Path in() {
        return folder.resolve("in");
    }

    Path out() {
        return folder.resolve("out");
    }

    /** Writes the file elsewhere and moves it in, as a producer should. */
    Path drop(String name, String content) throws Exception {
        Files.createDirectories(in());
        Path staging = Files.writeString(folder.resolve(name + ".tmp"), content, StandardCharsets.UTF_8);
        return Files.move(staging, in().resolve(name));
    }

    static List<JsonNode> results(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(line -> ServiceFixture.READER.mapper().readTree(line)).toList();
    }

    void awaitCompleted() {
        NotifyBuilder done = new NotifyBuilder(context).whenCompleted(1).create();
        context.start();
        assertTrue(done.matches(30, TimeUnit.SECONDS), "the file route did not complete a file");
    }

    @Test
    void aFileDroppedInTheFolderGetsAResultsFileAndMovesToDone() throws Exception {
        drop("drop.jsonl", ServiceFixture.line("F-1", 0.1) + "\nnot json\n");

        awaitCompleted();

        List<JsonNode> lines = results(out().resolve("drop.jsonl.results.jsonl"));
        assertEquals(2, lines.size());
        assertEquals("APPROVE", lines.get(0).get("decision").get("decision").asString());
        assertTrue(lines.get(1).has("error"));
        assertTrue(Files.exists(in().resolve(".done").resolve("drop.jsonl")));
        assertFalse(Files.exists(in().resolve("drop.jsonl")));
        try (var left = Files.list(out())) {
            assertEquals(List.of(out().resolve("drop.jsonl.results.jsonl")), left.toList(), "no partial file is left");
        }
    }

    @Test
    void aMixedJsonlFileGetsOneResultPerLineAndBadLinesDoNotStopIt() throws Exception {
        drop("mixed.jsonl", String.join("\n", ServiceFixture.line("A-1", 0.10), "{not json", "",
                ServiceFixture.line("A-2", 0.10).replace("\"termMonths\": 24", "\"termMonths\": 0"),
                ServiceFixture.line("A-3", 0.50)) + "\n");

        awaitCompleted();

        List<JsonNode> results = results(out().resolve("mixed.jsonl.results.jsonl"));
        assertEquals(4, results.size());
        assertEquals(1, results.get(0).get("line").asInt());
        assertEquals("APPROVE", results.get(0).get("decision").get("decision").asString());
        assertEquals(2, results.get(1).get("line").asInt());
        assertEquals("$", results.get(1).get("violations").get(0).get("field").asString());
        assertEquals(4, results.get(2).get("line").asInt());
        assertEquals("termMonths", results.get(2).get("violations").get(0).get("field").asString());
        assertEquals(5, results.get(3).get("line").asInt());
        assertEquals("DECLINE", results.get(3).get("decision").get("decision").asString());
        for (JsonNode r : results) {
            String id = (r.has("decision") ? r.get("decision") : r).get("decisionId").asString();
            assertEquals(r.has("decision") ? AuditEntry.Status.DECIDED : AuditEntry.Status.REJECTED,
                    memory.entries().stream().filter(e -> e.decisionId().equals(id)).findFirst().orElseThrow().status());
        }
        assertEquals(4, memory.entries().size());
        assertTrue(memory.entries().stream().allMatch(e -> e.channel().equals("file")));
    }

    @Test
    void aCsvFileMapsColumnsToFieldsAndExtraColumnsToModelInputs() throws Exception {
        drop("batch.csv", CSV_HEADER + "\n"
                + "C-1,35,4000,500,12000,24,EMPLOYED,0," + ServiceFixture.signalFor(0.1) + "\n"
                + "C-2,35,4000,500,12000,24,EMPLOYED,0\n"
                + "C-3,35,4000,500,12000,24,EMPLOYED,2," + ServiceFixture.signalFor(0.1) + "\n");

        awaitCompleted();

        List<JsonNode> results = results(out().resolve("batch.csv.results.jsonl"));
        assertEquals("APPROVE", results.get(0).get("decision").get("decision").asString());
        assertEquals(2, results.get(0).get("line").asInt());
        assertEquals("$", results.get(1).get("violations").get(0).get("field").asString());
        assertEquals("REFER", results.get(2).get("decision").get("decision").asString());
        assertTrue(memory.entries().stream().filter(e -> "C-1".equals(e.applicationId())).findFirst().orElseThrow()
                .rawInput().startsWith(CSV_HEADER + "\nC-1,"));
    }

    @Test
    void whenTheAuditLogGoesDownTheFileStaysWithItsPartialResultsAndResumesWhenTheLogIsBack() throws Exception {
        drop("down.jsonl", ServiceFixture.line("D-1", 0.1) + "\n" + ServiceFixture.line("D-2", 0.1) + "\n"
                + ServiceFixture.line("D-3", 0.1) + "\n");
        memory.goDownAfter(1);
        NotifyBuilder failed = new NotifyBuilder(context).whenFailed(1).create();
        NotifyBuilder done = new NotifyBuilder(context).whenCompleted(1).create();

        context.start();
        assertTrue(failed.matches(30, TimeUnit.SECONDS), "the file did not stop at the outage");
        List<Path> partial;
        try (var files = Files.list(out())) {
            partial = files.toList();
        }
        assertEquals(1, partial.size());
        assertTrue(partial.get(0).getFileName().toString().endsWith(".partial"), partial.toString());
        // three decided at once, one append accepted: its result is kept if it is the first line's
        assertTrue(Files.readAllLines(partial.get(0)).size() <= 1);
        assertTrue(Files.exists(in().resolve("down.jsonl")), "the input stays to be tried again");
        assertFalse(Files.exists(in().resolve(".failed")));
        memory.comeBack();
        assertTrue(done.matches(30, TimeUnit.SECONDS), "the file did not resume when the audit log came back");

        List<JsonNode> results = results(out().resolve("down.jsonl.results.jsonl"));
        assertEquals(List.of(1, 2, 3), results.stream().map(r -> r.get("line").asInt()).toList());
        assertEquals(List.of("D-1", "D-2", "D-3"),
                results.stream().map(r -> r.get("decision").get("applicationId").asString()).toList());
        assertEquals(List.of("D-1", "D-2", "D-3"), memory.entries().stream().map(AuditEntry::applicationId).sorted().toList(),
                "one audit record per application");
        for (JsonNode r : results) {
            String id = r.get("decision").get("decisionId").asString();
            assertTrue(memory.entries().stream().anyMatch(e -> e.decisionId().equals(id)), "results name the recorded decisions");
        }
        assertTrue(Files.exists(in().resolve(".done").resolve("down.jsonl")));
    }

    @Test
    void stoppingTheServicePartWayLeavesTheFileWithItsPartialResultsToResumeFrom() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            lines.append(ServiceFixture.line("ST-" + i, 0.1)).append('\n');
        }
        Path input = drop("stop.jsonl", lines.toString());
        memory.slowDown(20);

        context.start();
        Path partial = null;
        for (int tries = 0; tries < 3000 && (partial == null || Files.readAllLines(partial).size() < 5); tries++) {
            Thread.sleep(10);
            if (Files.isDirectory(out())) {
                try (var files = Files.list(out())) {
                    partial = files.filter(p -> p.toString().endsWith(".partial")).findFirst().orElse(null);
                }
            }
        }
        assertTrue(partial != null, "no partial results appeared");
        context.stop();

        assertTrue(Files.exists(input), "the input stays");
        assertFalse(Files.exists(out().resolve("stop.jsonl.results.jsonl")));
        long kept = Files.readAllLines(partial).size();
        assertTrue(kept >= 5 && kept < 200, kept + " lines kept");
        memory.slowDown(0);
        BatchFile.Result resumed = new BatchFile(ServiceFixture.service(memory), new BatchSettings(4096, 3, 4))
                .process(input, out(), () -> false);
        assertEquals(200, resumed.records());
        assertEquals(kept, resumed.resumed());
        assertEquals(200, memory.entries().stream().map(AuditEntry::applicationId).distinct().count());
        assertEquals(200, memory.entries().size(), "nothing decided twice");
    }

    JdbcAuditLog open(String store) throws Exception {
        JdbcAuditLog log;
        if (store.equals("h2")) {
            log = JdbcAuditLog.open("jdbc:h2:file:" + folder.resolve("audit").toAbsolutePath(), "sa", "");
        } else {
            TestPostgres.emptyStore();
            log = JdbcAuditLog.open(PG_URL, PG_USER, PG_PASSWORD);
        }
        opened.add(log);
        return log;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunKilledPartWayIsResumedToOneResultPerRecordAndOneAuditRecordPerApplication(String store) throws Exception {
        JdbcAuditLog log = open(store);
        audit = log;
        // 10 applications, one with a quoted line break (one record over two lines, rejected for
        // its control characters), and a blank line: 13 lines, 10 records
        int count = 10;
        int k = 4;
        StringBuilder csv = new StringBuilder(CSV_HEADER + ",note\n");
        for (int i = 1; i <= count; i++) {
            csv.append(BatchFileTest.csvRow("K-" + i, i % 3 == 0 ? 0.5 : 0.1))
                    .append(i == 2 ? ",\"spans\ntwo lines\"\n" : ",plain\n");
            if (i == 6) {
                csv.append('\n');
            }
        }
        Path input = drop("kill.csv", csv.toString());
        // What a run killed after deciding k + 2 records leaves: k + 2 audit records, and results
        // written for the first k records plus part of the next (the last two lines never reached the disk).
        int[] asked = {0};
        try {
            new BatchFile(ServiceFixture.service(log), new BatchSettings(4096, 1, 1)).process(input, out(), () -> ++asked[0] > k + 2);
        } catch (CancellationException expected) {
            // the "kill"
        }
        Path partial;
        try (var files = Files.list(out())) {
            partial = files.filter(p -> p.toString().endsWith(".partial")).findFirst().orElseThrow();
        }
        List<String> written = Files.readAllLines(partial, StandardCharsets.UTF_8);
        assertEquals(k + 2, written.size());
        List<String> lostIds = written.subList(k, k + 2).stream()
                .map(line -> ServiceFixture.READER.mapper().readTree(line).get("decision").get("decisionId").asString()).toList();
        String torn = written.get(k).substring(0, written.get(k).length() / 2);
        Files.writeString(partial, String.join("\n", written.subList(0, k)) + "\n" + torn, StandardCharsets.UTF_8);
        assertEquals(k + 2, log.search(new AuditQuery(null, null, null, null, null, null, 100)).size());

        awaitCompleted();

        List<String> lines = Files.readAllLines(out().resolve("kill.csv.results.jsonl"), StandardCharsets.UTF_8);
        assertEquals(count, lines.size(), "one results line per record");
        assertEquals(written.subList(0, k), lines.subList(0, k), "the complete lines of the killed run are kept as they were");
        List<JsonNode> results = lines.stream().map(line -> ServiceFixture.READER.mapper().readTree(line)).toList();
        assertEquals(List.of(2, 3, 5, 6, 7, 8, 10, 11, 12, 13), results.stream().map(r -> r.get("line").asInt()).toList());
        for (int i = 1; i <= count; i++) {
            if (i == 2) {
                assertEquals("modelInputs.note", results.get(1).get("violations").get(0).get("field").asString());
                assertEquals(1, log.search(AuditQuery.forApplication("K-2")).size(), "one audit record for K-2");
                continue;
            }
            JsonNode decision = results.get(i - 1).get("decision");
            assertEquals("K-" + i, decision.get("applicationId").asString());
            boolean lost = i == k + 1 || i == k + 2;
            assertEquals(lost, decision.has("replayed"), "line " + i + " replayed: " + decision);
            if (lost) {
                assertEquals(lostIds.get(i - k - 1), decision.get("decisionId").asString());
            }
            assertEquals(1, log.search(AuditQuery.forApplication("K-" + i)).size(), "one audit record for K-" + i);
        }
        assertEquals(count, log.search(new AuditQuery(null, null, null, null, null, null, 100)).size());
        assertTrue(log.verify().intact());
        assertTrue(Files.exists(in().resolve(".done").resolve("kill.csv")));
    }
}
