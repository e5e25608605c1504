package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The file batch channel: one results line per input line; bad lines do not stop the file. */
class FileBatchRoutesTest extends CamelTestSupport {

    @TempDir
    static Path models;
    static ModelRegistry registry;

    @TempDir
    Path folder;
    final InMemoryAuditLog audit = new InMemoryAuditLog();

    static final String CSV_HEADER = "applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,requestedAmount,"
            + "termMonths,employmentStatus,worstDelinquencyMonths,risk_signal";

    @BeforeAll
    static void serve() {
        registry = ServiceFixture.serveCreditDefault(models);
    }

    @AfterAll
    static void stop() {
        ServiceFixture.stopServing(registry);
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new FileBatchRoutes(new BatchFile(ServiceFixture.service(audit)), folder.resolve("in"), folder.resolve("out"));
    }

    static List<JsonNode> results(String text) {
        return text.lines().map(line -> ServiceFixture.READER.mapper().readTree(line)).toList();
    }

    @Test
    void aMixedJsonlFileGetsOneResultPerLineAndBadLinesDoNotStopIt() throws Exception {
        AdviceWith.adviceWith(context, FileBatchRoutes.ROUTE_ID, a -> {
            a.replaceFromWith("direct:in");
            a.weaveByToUri("file:*").replace().to("mock:results");
        });
        context.start();
        MockEndpoint out = getMockEndpoint("mock:results");
        out.expectedHeaderReceived(Exchange.FILE_NAME, "mixed.jsonl.results.jsonl");
        String file = String.join("\n", ServiceFixture.line("A-1", 0.10), "{not json", "",
                ServiceFixture.line("A-2", 0.10).replace("\"termMonths\": 24", "\"termMonths\": 0"),
                ServiceFixture.line("A-3", 0.50)) + "\n";

        template.sendBodyAndHeader("direct:in", file, Exchange.FILE_NAME_ONLY, "mixed.jsonl");

        out.assertIsSatisfied();
        List<JsonNode> results = results(out.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals(4, results.size());
        assertEquals(1, results.get(0).get("line").asInt());
        assertEquals("APPROVE", results.get(0).get("decision").get("decision").asString());
        assertEquals(2, results.get(1).get("line").asInt());
        assertEquals("$", results.get(1).get("violations").get(0).get("field").asString());
        assertEquals(4, results.get(2).get("line").asInt());
        assertEquals("termMonths", results.get(2).get("violations").get(0).get("field").asString());
        assertEquals(5, results.get(3).get("line").asInt());
        assertEquals("DECLINE", results.get(3).get("decision").get("decision").asString());
        assertEquals(List.of(AuditEntry.Status.DECIDED, AuditEntry.Status.REJECTED, AuditEntry.Status.REJECTED,
                AuditEntry.Status.DECIDED), audit.entries().stream().map(AuditEntry::status).toList());
        assertTrue(audit.entries().stream().allMatch(e -> e.channel().equals("file")));
    }

    @Test
    void aCsvFileMapsColumnsToFieldsAndExtraColumnsToModelInputs() throws Exception {
        AdviceWith.adviceWith(context, FileBatchRoutes.ROUTE_ID, a -> {
            a.replaceFromWith("direct:in");
            a.weaveByToUri("file:*").replace().to("mock:results");
        });
        context.start();
        MockEndpoint out = getMockEndpoint("mock:results");
        out.expectedMessageCount(1);
        String file = CSV_HEADER + "\n"
                + "C-1,35,4000,500,12000,24,EMPLOYED,0," + ServiceFixture.signalFor(0.1) + "\n"
                + "C-2,35,4000,500,12000,24,EMPLOYED,0\n"
                + "C-3,35,4000,500,12000,24,EMPLOYED,2," + ServiceFixture.signalFor(0.1) + "\n";

        template.sendBodyAndHeader("direct:in", file, Exchange.FILE_NAME_ONLY, "batch.csv");

        out.assertIsSatisfied();
        List<JsonNode> results = results(out.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals("APPROVE", results.get(0).get("decision").get("decision").asString());
        assertEquals(2, results.get(0).get("line").asInt());
        assertEquals("$", results.get(1).get("violations").get(0).get("field").asString());
        assertEquals("REFER", results.get(2).get("decision").get("decision").asString());
        assertTrue(audit.entries().get(0).rawInput().startsWith(CSV_HEADER + "\nC-1,"));
    }

    @Test
    void whenTheAuditLogGoesDownTheRestOfTheFileIsReportedNotDecidedAndTheFileFails() throws Exception {
        AdviceWith.adviceWith(context, FileBatchRoutes.ROUTE_ID, a -> {
            a.replaceFromWith("direct:in");
            a.weaveByToUri("file:*").replace().to("mock:results");
        });
        context.start();
        audit.goDown();
        MockEndpoint out = getMockEndpoint("mock:results");
        out.expectedMessageCount(1);

        Exchange result = template.send("direct:in", e -> {
            e.getIn().setBody(ServiceFixture.line("D-1", 0.1) + "\n" + ServiceFixture.line("D-2", 0.1) + "\n");
            e.getIn().setHeader(Exchange.FILE_NAME_ONLY, "down.jsonl");
        });

        out.assertIsSatisfied();
        List<JsonNode> results = results(out.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals(2, results.size());
        assertTrue(results.stream().allMatch(r -> r.get("error").asString().startsWith("not decided")));
        assertTrue(result.getException() instanceof io.credence.rules.audit.AuditUnavailableException, String.valueOf(result.getException()));
        assertEquals(0, audit.entries().size());
    }

    @Test
    void aFileDroppedInTheFolderGetsAResultsFileAndMovesToDone() throws Exception {
        context.start();
        NotifyBuilder done = new NotifyBuilder(context).whenCompleted(1).create();
        Path in = Files.createDirectories(folder.resolve("in"));
        Files.writeString(folder.resolve("staging.tmp"), ServiceFixture.line("F-1", 0.1) + "\nnot json\n", StandardCharsets.UTF_8);
        Files.move(folder.resolve("staging.tmp"), in.resolve("drop.jsonl"));

        assertTrue(done.matches(20, TimeUnit.SECONDS), "the file route did not complete an exchange");

        Path results = folder.resolve("out").resolve("drop.jsonl.results.jsonl");
        List<JsonNode> lines = results(Files.readString(results, StandardCharsets.UTF_8));
        assertEquals(2, lines.size());
        assertEquals("APPROVE", lines.get(0).get("decision").get("decision").asString());
        assertTrue(lines.get(1).has("error"));
        assertTrue(Files.exists(in.resolve(".done").resolve("drop.jsonl")));
        assertFalse(Files.exists(in.resolve("drop.jsonl")));
    }
}
