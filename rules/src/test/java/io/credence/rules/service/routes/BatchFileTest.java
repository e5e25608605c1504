package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.batch.BatchSettings;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * One batch file, streamed: CSV records as Commons CSV reads them, byte-order marks, lines that
 * cannot be read, huge exponents, a file far larger than the read buffer, and an audit outage
 * part-way that the next run resumes from. The routes around it are in FileBatchRoutesTest.
 */
class BatchFileTest {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final String CSV_HEADER = "applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,requestedAmount,"
            + "termMonths,employmentStatus,worstDelinquencyMonths,risk_signal";

    @TempDir
    static Path models;
    static ModelRegistry registry;

    @TempDir
    Path dir;
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final BatchFile batch = batch(4);

    BatchFile batch(int concurrency) {
        return new BatchFile(ServiceFixture.service(audit), new BatchSettings(4096, 100, concurrency));
    }

    @BeforeAll
    static void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterAll
    static void stop() {
        ServiceFixture.stopServing(registry);
    }

    static String csvRow(String id, double p) {
        return String.format(Locale.ROOT, "%s,35,4000,500,12000,24,EMPLOYED,0,%.6f", id, ServiceFixture.signalFor(p));
    }

    Path write(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    List<JsonNode> results(BatchFile.Result result) throws IOException {
        try (var lines = Files.lines(result.results(), StandardCharsets.UTF_8)) {
            return lines.map(line -> ServiceFixture.READER.mapper().readTree(line)).toList();
        }
    }

    BatchFile.Result process(Path input) throws IOException {
        return batch.process(input, dir.resolve("out"), () -> false);
    }

    @Test
    void aCsvFileWithAByteOrderMarkQuotedCommasAndLineBreaksGetsOneResultPerRecord() throws IOException {
        String header = CSV_HEADER + ",note";
        Path file = write("quoted.csv", BOM, utf8(header + "\r\n"
                + csvRow("Q-1", 0.1) + ",\"first, with \"\"quotes\"\"\"\r\n"
                + csvRow("Q-N", 0.1) + ",\"first line\r\nsecond line\"\r\n"
                + "\r\n"
                + csvRow("Q-2", 0.5) + ",plain\r\n"));

        List<JsonNode> results = results(process(file));

        assertEquals(3, results.size());
        assertEquals(2, results.get(0).get("line").asInt());
        assertEquals("Q-1", results.get(0).get("decision").get("applicationId").asString());
        assertEquals("APPROVE", results.get(0).get("decision").get("decision").asString());
        // a quoted line break frames one record over two lines; as text it holds control characters
        assertEquals(3, results.get(1).get("line").asInt());
        assertEquals("modelInputs.note", results.get(1).get("violations").get(0).get("field").asString());
        assertEquals(6, results.get(2).get("line").asInt());
        assertEquals("DECLINE", results.get(2).get("decision").get("decision").asString());
        assertEquals(header + "\n" + csvRow("Q-1", 0.1) + ",\"first, with \"\"quotes\"\"\"",
                audit.entries().stream().filter(e -> "Q-1".equals(e.applicationId())).findFirst().orElseThrow().rawInput());
    }

    @Test
    void aJsonlFileWithAByteOrderMarkDecidesItsFirstLine() throws IOException {
        Path file = write("bom.jsonl", BOM, utf8(ServiceFixture.line("B-1", 0.1) + "\n" + ServiceFixture.line("B-2", 0.1)));

        List<JsonNode> results = results(process(file));

        assertEquals(List.of("B-1", "B-2"), results.stream().map(r -> r.get("decision").get("applicationId").asString()).toList());
    }

    @Test
    void aLineOverTheLimitIsRejectedWithoutBeingKeptAndTheFileGoesOn() throws IOException {
        String huge = ServiceFixture.line("L-2", 0.1).replace("\"modelInputs\": {", "\"modelInputs\": {\"pad\": \""
                + "x".repeat(10_000) + "\", ");
        Path file = write("long.jsonl", utf8(ServiceFixture.line("L-1", 0.1) + "\n" + huge + "\n"
                + ServiceFixture.line("L-3", 0.1) + "\n"));

        List<JsonNode> results = results(process(file));

        assertEquals(3, results.size());
        JsonNode rejected = results.get(1);
        assertEquals(2, rejected.get("line").asInt());
        assertEquals("$", rejected.get("violations").get(0).get("field").asString());
        assertEquals(huge.length() + " bytes", rejected.get("violations").get(0).get("value").asString());
        assertTrue(rejected.get("violations").get(0).get("expected").asString().contains("at most 4096 bytes"));
        assertEquals("APPROVE", results.get(2).get("decision").get("decision").asString());
        AuditEntry entry = audit.entries().get(1);
        assertEquals(AuditEntry.Status.REJECTED, entry.status());
        assertNull(entry.rawInput());
        assertEquals(rejected.get("decisionId").asString(), entry.decisionId());
    }

    @Test
    void aQuotedCsvRecordOverTheLimitIsRejectedAndTheNextRecordIsDecided() throws IOException {
        Path file = write("long.csv", utf8(CSV_HEADER + ",note\n"
                + csvRow("LC-1", 0.1) + ",\"" + "a line\n".repeat(1000) + "\"\n"
                + csvRow("LC-2", 0.1) + ",short\n"));

        List<JsonNode> results = results(process(file));

        assertEquals(2, results.size());
        assertEquals("$", results.get(0).get("violations").get(0).get("field").asString());
        assertEquals(1003, results.get(1).get("line").asInt());
        assertEquals("LC-2", results.get(1).get("decision").get("applicationId").asString());
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAndTheFileGoesOn() throws IOException {
        Path file = write("latin1.jsonl", utf8(ServiceFixture.line("U-1", 0.1) + "\n"),
                ServiceFixture.line("U-2", 0.1).replace("EMPLOYED", "EMPLOY\u00c9").getBytes(StandardCharsets.ISO_8859_1),
                utf8("\n" + ServiceFixture.line("U-3", 0.1) + "\n"));

        List<JsonNode> results = results(process(file));

        assertEquals(3, results.size());
        assertEquals("UTF-8 text", results.get(1).get("violations").get(0).get("expected").asString());
        assertEquals(List.of(AuditEntry.Status.DECIDED, AuditEntry.Status.REJECTED, AuditEntry.Status.DECIDED),
                audit.entries().stream().map(AuditEntry::status).toList());
    }

    @Test
    void numbersWithHugeExponentsAreRejectedAtOnceNamingTheirField() throws IOException {
        Path jsonl = write("huge.jsonl", utf8(String.join("\n",
                ServiceFixture.line("H-1", 0.1).replace("\"applicantAge\": 35", "\"applicantAge\": 1e2147483648"),
                ServiceFixture.line("H-2", 0.1).replace("\"monthlyIncome\": 4000", "\"monthlyIncome\": 1e2147483648"),
                ServiceFixture.line("H-3", 0.1).replaceAll("\"risk_signal\": [-0-9.]+", "\"risk_signal\": -5E-9999999999"),
                ServiceFixture.line("H-4", 0.1).replace("\"applicantAge\": 35", "\"applicantAge\": 1e20"))));
        Path csv = write("huge.csv", utf8(CSV_HEADER + "\n"
                + csvRow("HC-1", 0.1).replace(",35,", ",1e9999999999,") + "\n"
                + csvRow("HC-2", 0.1).replaceAll(",[-0-9.]+$", ",1E+9999999999") + "\n"));

        List<JsonNode> lines = results(process(jsonl));
        List<JsonNode> rows = results(process(csv));

        assertEquals(List.of("applicantAge", "monthlyIncome", "modelInputs.risk_signal"),
                lines.subList(0, 3).stream().map(r -> r.get("violations").get(0).get("field").asString()).toList());
        assertTrue(lines.get(0).get("violations").get(0).get("expected").asString().contains("exponent"));
        // a whole number beyond long written as a decimal: out of range, as the schema says
        assertEquals("<= 130", lines.get(3).get("violations").get(0).get("expected").asString());
        assertEquals(List.of("applicantAge", "modelInputs.risk_signal"),
                rows.stream().map(r -> r.get("violations").get(0).get("field").asString()).toList());
        assertTrue(audit.entries().stream().allMatch(e -> e.status() == AuditEntry.Status.REJECTED));
        assertEquals(6, audit.entries().size());
    }

    @Test
    void aFileMuchLargerThanAnyBufferIsDecidedRecordByRecord() throws IOException {
        // about 1.5 MB: over 20 x the 64 KiB read and write buffers, over 350 x the line limit of this batch
        int count = 6000;
        Path file = dir.resolve("large.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                out.write(ServiceFixture.line("BIG-" + i, i % 2 == 0 ? 0.1 : 0.5));
                out.write('\n');
            }
        }
        assertTrue(Files.size(file) > 20 * 65536, Files.size(file) + " bytes");

        BatchFile.Result result = process(file);

        assertEquals(new BatchFile.Result(result.results(), count, 0, count, 0, 0), result);
        List<JsonNode> results = results(result);
        assertEquals(count, results.size());
        for (int i = 1; i <= count; i++) {
            JsonNode r = results.get(i - 1);
            assertEquals(i, r.get("line").asInt());
            assertEquals("BIG-" + i, r.get("decision").get("applicationId").asString());
            assertEquals(i % 2 == 0 ? "APPROVE" : "DECLINE", r.get("decision").get("decision").asString());
        }
        assertEquals(count, audit.entries().size());
    }

    @Test
    void aCsvHeaderThatCannotBeReadRejectsEveryRowNamingTheHeader() throws IOException {
        Path file = write("badheader.csv", utf8("applicationId,applicationId\n" + csvRow("BH-1", 0.1) + "\n"));

        List<JsonNode> results = results(process(file));

        assertEquals(1, results.size());
        assertEquals("header", results.get(0).get("violations").get(0).get("field").asString());
        assertEquals(AuditEntry.Status.REJECTED, audit.entries().get(0).status());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void whenTheAuditLogGoesDownTheFileStopsThereAndTheNextRunResumesWithoutLosingOrDoublingALine(int concurrency)
            throws IOException {
        Path file = write("outage.jsonl", utf8(String.join("\n", ServiceFixture.line("O-1", 0.1), ServiceFixture.line("O-2", 0.1),
                "", ServiceFixture.line("O-3", 0.1), ServiceFixture.line("O-4", 0.1), ServiceFixture.line("O-5", 0.1)) + "\n"));
        BatchFile batch = batch(concurrency);
        audit.goDownAfter(3);

        AuditUnavailableException stopped = assertThrows(AuditUnavailableException.class,
                () -> batch.process(file, dir.resolve("out"), () -> false));
        assertFalse(Files.exists(dir.resolve("out").resolve("outage.jsonl.results.jsonl")));
        audit.comeBack();
        BatchFile.Result result = batch.process(file, dir.resolve("out"), () -> false);

        List<JsonNode> results = results(result);
        assertEquals(List.of(1, 2, 4, 5, 6), results.stream().map(r -> r.get("line").asInt()).toList());
        assertEquals(List.of("O-1", "O-2", "O-3", "O-4", "O-5"),
                results.stream().map(r -> r.get("decision").get("applicationId").asString()).toList());
        assertEquals(List.of("O-1", "O-2", "O-3", "O-4", "O-5"),
                audit.entries().stream().map(AuditEntry::applicationId).sorted().toList(), "one audit record each");
        assertEquals(5, result.resumed() + result.decided() + result.replayed());
        if (concurrency == 1) {
            // one at a time: exactly the three decided before the outage are kept, nothing is replayed
            assertTrue(stopped.getMessage().contains("stopped at line 5"), stopped.getMessage());
            assertEquals(new BatchFile.Result(result.results(), 5, 3, 2, 0, 0), result);
        }
    }

    @Test
    void aLaterLineWithNewContentForAnApplicationSupersedesTheEarlierOneInFileOrder() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            lines.append(ServiceFixture.line("S-" + i, 0.1)).append('\n');
        }
        lines.append(ServiceFixture.line("S-1", 0.5)).append('\n')
                .append(ServiceFixture.line("S-1", 0.1).replace("\"worstDelinquencyMonths\": 0", "\"worstDelinquencyMonths\": 2"))
                .append('\n');

        List<JsonNode> results = results(process(write("corrections.jsonl", utf8(lines.toString()))));

        List<JsonNode> s1 = results.stream().map(r -> r.get("decision"))
                .filter(d -> d.get("applicationId").asString().equals("S-1")).toList();
        assertEquals(3, s1.size());
        assertEquals(s1.get(0).get("decisionId").asString(), s1.get(1).get("supersedes").asString());
        assertEquals(s1.get(1).get("decisionId").asString(), s1.get(2).get("supersedes").asString());
        assertEquals(List.of("APPROVE", "DECLINE", "REFER"), s1.stream().map(d -> d.get("decision").asString()).toList());
    }
}
