package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.registry.UnknownModelException;
import io.credence.plugin.runtime.Score;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code credence:} endpoints in Java DSL routes, with the component configured by its setters
 * only (models folder, H2 audit store): what each operation and option answers, and what the audit
 * store holds afterwards.
 */
class CredenceComponentTest extends CamelTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path models;
    @TempDir
    static Path store;
    static String auditUrl;

    @BeforeAll
    static void writeModel() {
        ServiceFixture.writeCreditDefault(models);
        auditUrl = "jdbc:h2:file:" + store.resolve("audit").toAbsolutePath();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        CredenceComponent credence = camel.getComponent("credence", CredenceComponent.class);
        credence.setModelsDir(models.toString());
        credence.setTrustedKeys(io.credence.plugin.testing.TestSigning.trustedKeysDir(models).toString());   // no package in it
        credence.setExecutionProvider("cpu");
        credence.setAuditDb(auditUrl);
        return camel;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:decide").routeId("decide").to("credence:decide").to("mock:decided");
                from("direct:decide-object").routeId("decide-object")
                        .to("credence:decide?outputType=object&channel=rest&requestedBy=ops").to("mock:outcomes");
                from("direct:decide-lenient").routeId("decide-lenient")
                        .to("credence:decide?failOnRejection=false").to("mock:answers");
                from("direct:score").routeId("score").to("credence:score?model=credit-default").to("mock:scores");
                from("direct:score-version").routeId("score-version")
                        .to("credence:score?model=credit-default&version=1.0.0&outputType=object").to("mock:scores");
                from("direct:score-unloaded-version").routeId("score-unloaded-version")
                        .to("credence:score?model=credit-default&version=9.9.9").to("mock:scores");
                from("direct:score-missing").routeId("score-missing")
                        .to("credence:score?model=no-such-model").to("mock:scores");
                from("direct:explain").routeId("explain").to("credence:explain?model=credit-default").to("mock:explained");
                from("direct:explain-occlusion").routeId("explain-occlusion")
                        .to("credence:explain?model=credit-default&method=OCCLUSION&outputType=object").to("mock:explained");
            }
        };
    }

    private List<AuditRows.Row> rows(String applicationId) throws SQLException {
        return AuditRows.read(auditUrl, "sa", "").stream().filter(r -> applicationId.equals(r.applicationId())).toList();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void decidesJsonTextAndAnswersWithTheRecordedDecision() throws Exception {
        MockEndpoint decided = getMockEndpoint("mock:decided");
        decided.expectedMessageCount(1);

        Exchange done = template.request("direct:decide", e -> e.getIn().setBody(ServiceFixture.application("J-1", 0.5)));

        decided.assertIsSatisfied();
        JsonNode body = JSON.readTree(done.getMessage().getBody(String.class));
        assertEquals("DECLINE", body.get("decision").asString());
        assertEquals(body.get("decisionId").asString(), done.getMessage().getHeader(CredenceConstants.DECISION_ID));
        assertEquals("DECLINE", done.getMessage().getHeader(CredenceConstants.OUTCOME));
        assertEquals("DECIDED", done.getMessage().getHeader(CredenceConstants.STATUS));
        assertEquals("J-1", done.getMessage().getHeader(CredenceConstants.APPLICATION_ID));
        assertEquals(false, done.getMessage().getHeader(CredenceConstants.REPLAYED));
        List<AuditRows.Row> rows = rows("J-1");
        assertEquals(1, rows.size());
        assertEquals(body.get("decisionId").asString(), rows.get(0).decisionId());
        assertEquals("camel", rows.get(0).channel());
        assertEquals("DECLINE", rows.get(0).outcome());
    }

    @Test
    void decidesAMapAndALoanApplicationAsTheSameJson() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(ServiceFixture.application("M-1", 0.1), Map.class);
        LoanApplication application = ServiceFixture.READER.read(ServiceFixture.application("L-1", 0.3));

        String fromMap = template.requestBody("direct:decide", map, String.class);
        String fromObject = template.requestBody("direct:decide", application, String.class);

        assertEquals("APPROVE", JSON.readTree(fromMap).get("decision").asString());
        assertEquals("REFER", JSON.readTree(fromObject).get("decision").asString());
        assertEquals("APPROVE", rows("M-1").get(0).outcome());
        AuditRows.Row row = rows("L-1").get(0);
        assertEquals("REFER", row.outcome());
        // The object was audited as the JSON the schema validated.
        String personal = AuditRows.personalData(auditUrl, "sa", "", row.decisionId());
        assertTrue(personal.contains("L-1") && personal.contains("monthlyIncome"), personal);
    }

    @Test
    void outputTypeObjectAnswersWithTheServiceOutcomeAndKeepsChannelAndRequester() throws Exception {
        Exchange byOption = template.request("direct:decide-object", e -> e.getIn().setBody(ServiceFixture.application("O-1", 0.1)));
        Exchange byHeader = template.request("direct:decide-object", e -> {
            e.getIn().setBody(ServiceFixture.application("O-2", 0.1));
            e.getIn().setHeader(CredenceConstants.REQUESTED_BY, "alice");
            e.getIn().setHeader(CredenceConstants.CHANNEL, "kafka");
        });

        ServiceOutcome.Decided outcome = assertInstanceOf(ServiceOutcome.Decided.class, byOption.getMessage().getBody());
        assertEquals("APPROVE", outcome.result().outcome().name());
        assertEquals(outcome.decisionId(), byOption.getMessage().getHeader(CredenceConstants.DECISION_ID));
        AuditRows.Row first = rows("O-1").get(0);
        assertEquals("rest", first.channel());
        assertEquals("ops", first.document().get("decision").get("requestedBy").asString());
        AuditRows.Row second = rows("O-2").get(0);
        assertEquals("kafka", second.channel());
        assertEquals("alice", second.document().get("decision").get("requestedBy").asString());
        assertInstanceOf(ServiceOutcome.Decided.class, byHeader.getMessage().getBody());
    }

    @Test
    void anIdenticalApplicationIsAnsweredFromItsRecordAndNotDecidedAgain() throws Exception {
        String application = ServiceFixture.application("R-1", 0.3);
        Exchange first = template.request("direct:decide", e -> e.getIn().setBody(application));
        // The same application, other whitespace and key order: the same canonical input.
        @SuppressWarnings("unchecked")
        Map<String, Object> again = JSON.readValue(application, Map.class);
        Exchange second = template.request("direct:decide", e -> e.getIn().setBody(again));

        assertEquals(false, first.getMessage().getHeader(CredenceConstants.REPLAYED));
        assertEquals(true, second.getMessage().getHeader(CredenceConstants.REPLAYED));
        assertEquals(first.getMessage().getHeader(CredenceConstants.DECISION_ID),
                second.getMessage().getHeader(CredenceConstants.DECISION_ID));
        assertTrue(JSON.readTree(second.getMessage().getBody(String.class)).get("replayed").asBoolean());
        assertEquals(1, rows("R-1").size());
    }

    @Test
    void aBadBodyFailsTheExchangeNamingTheFieldAndIsAuditedOnce() throws Exception {
        MockEndpoint decided = getMockEndpoint("mock:decided");
        decided.expectedMessageCount(0);
        String bad = ServiceFixture.application("B-1", 0.3).replace("\"termMonths\": 24", "\"termMonths\": 9999");

        Exchange done = template.request("direct:decide", e -> e.getIn().setBody(bad));

        InvalidApplicationException e = assertInstanceOf(InvalidApplicationException.class, done.getException());
        Violation v = e.violations().get(0);
        assertEquals("termMonths", v.field());
        assertEquals("9999", v.value());
        assertTrue(e.getMessage().contains("termMonths"), e.getMessage());
        assertEquals("REJECTED", done.getMessage().getHeader(CredenceConstants.STATUS));
        assertNull(done.getMessage().getHeader(CredenceConstants.OUTCOME));
        decided.assertIsSatisfied();
        List<AuditRows.Row> rows = rows("B-1");
        assertEquals(1, rows.size());
        assertEquals("REJECTED", rows.get(0).status());
        assertEquals(done.getMessage().getHeader(CredenceConstants.DECISION_ID), rows.get(0).decisionId());

        // Sent again, the same rejection is the answer (replayed, with the stored violations): still one record.
        Exchange again = template.request("direct:decide", x -> x.getIn().setBody(bad));
        InvalidApplicationException replayed = assertInstanceOf(InvalidApplicationException.class, again.getException());
        assertEquals("termMonths", replayed.violations().get(0).field());
        assertEquals(true, again.getMessage().getHeader(CredenceConstants.REPLAYED));
        assertEquals(1, rows("B-1").size());
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWholeWithoutBeingKept() throws Exception {
        int before = AuditRows.read(auditUrl, "sa", "").size();
        byte[] latin1 = ServiceFixture.application("U-\u00e9", 0.3).getBytes(StandardCharsets.ISO_8859_1);

        Exchange done = template.request("direct:decide", e -> e.getIn().setBody(latin1));

        InvalidApplicationException e = assertInstanceOf(InvalidApplicationException.class, done.getException());
        assertEquals(List.of(new Violation("$", latin1.length + " bytes", "UTF-8 text")), e.violations());
        List<AuditRows.Row> all = AuditRows.read(auditUrl, "sa", "");
        assertEquals(before + 1, all.size());
        AuditRows.Row row = all.get(all.size() - 1);
        assertEquals("REJECTED", row.status());
        String personal = AuditRows.personalData(auditUrl, "sa", "", row.decisionId());
        assertFalse(personal != null && personal.contains("monthlyIncome"), personal);
    }

    @Test
    void withoutFailOnRejectionARejectionIsTheErrorBody() throws Exception {
        String bad = ServiceFixture.application("E-1", 0.3).replace("\"applicantAge\": 35, ", "");

        Exchange done = template.request("direct:decide-lenient", e -> e.getIn().setBody(bad));

        assertNull(done.getException());
        JsonNode body = JSON.readTree(done.getMessage().getBody(String.class));
        assertEquals("the application is invalid; it was not decided", body.get("error").asString());
        assertEquals("applicantAge", body.get("violations").get(0).get("field").asString());
        assertEquals("REJECTED", done.getMessage().getHeader(CredenceConstants.STATUS));
        assertEquals(1, rows("E-1").size());
    }

    @Test
    void endpointOptionsAreCheckedWhenTheEndpointIsCreated() {
        ResolveEndpointFailedException channel = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("credence:decide?channel=fax"));
        assertTrue(channel.getCause().getMessage().contains("channel: expected one of [rest, file, kafka, camel], was fax"),
                channel.getCause().getMessage());
        ResolveEndpointFailedException model = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("credence:score"));
        assertTrue(model.getCause().getMessage().contains("needs the option model"), model.getCause().getMessage());
        ResolveEndpointFailedException operation = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("credence:predict"));
        assertTrue(operation.getCause().getMessage().contains("[decide, score, explain]"), operation.getCause().getMessage());
        ResolveEndpointFailedException typo = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("credence:decide?outputTyp=json"));
        assertTrue(typo.getMessage().contains("outputTyp"), typo.getMessage());
    }

    @Test
    void scoresModelInputsWithTheServingVersion() throws Exception {
        double signal = 0.8;

        Exchange done = template.request("direct:score", e -> e.getIn().setBody(Map.of("risk_signal", signal)));

        JsonNode body = JSON.readTree(done.getMessage().getBody(String.class));
        assertEquals(sigmoid(signal), body.get("probability").asDouble(), 1e-6);
        assertEquals("credit-default", body.get("model").asString());
        assertEquals("1.0.0", body.get("version").asString());
        assertEquals("CPUExecutionProvider", body.get("executionProvider").asString());
        assertEquals(sigmoid(signal), done.getMessage().getHeader(CredenceConstants.PROBABILITY, Double.class), 1e-6);
        assertEquals("1.0.0", done.getMessage().getHeader(CredenceConstants.MODEL_VERSION));
        assertEquals("CPUExecutionProvider", done.getMessage().getHeader(CredenceConstants.EXECUTION_PROVIDER));
    }

    @Test
    void scoresAnApplicationAsThePolicyDoesWithTheChosenVersion() {
        Score score = template.requestBody("direct:score-version", ServiceFixture.application("S-1", 0.3), Score.class);

        assertEquals(0.3, score.value(), 1e-6);
        assertEquals("1.0.0", score.version());
    }

    @Test
    void aModelOrVersionThatIsNotLoadedIsNamedWithWhatIsLoaded() {
        Exchange missing = template.request("direct:score-missing", e -> e.getIn().setBody(Map.of("risk_signal", 0.0)));
        Exchange version = template.request("direct:score-unloaded-version", e -> e.getIn().setBody(Map.of("risk_signal", 0.0)));

        UnknownModelException m = assertInstanceOf(UnknownModelException.class, missing.getException());
        assertTrue(m.getMessage().contains("'no-such-model'") && m.getMessage().contains("[credit-default]"), m.getMessage());
        UnknownModelException v = assertInstanceOf(UnknownModelException.class, version.getException());
        assertTrue(v.getMessage().contains("credit-default@9.9.9") && v.getMessage().contains("[1.0.0]"), v.getMessage());
    }

    @Test
    void inputsTheModelCannotEncodeAreNamedByFeature() {
        Exchange done = template.request("direct:score", e -> e.getIn().setBody(Map.of("risk_signal", "high")));

        InvalidFeatureException e = assertInstanceOf(InvalidFeatureException.class, done.getException());
        assertEquals("risk_signal", e.violations().get(0).feature());
    }

    @Test
    void explainsWithExactBaselineShapleyValuesByDefault() throws Exception {
        double signal = 1.5;

        JsonNode body = JSON.readTree(template.requestBody("direct:explain", Map.of("risk_signal", signal), String.class));

        assertEquals("BASELINE_SHAPLEY", body.get("method").asString());
        assertTrue(body.get("exact").asBoolean());
        assertEquals(0.0, body.get("maxError").asDouble());
        assertEquals(sigmoid(signal), body.get("score").asDouble(), 1e-6);
        JsonNode attribution = body.get("attributions").get(0);
        assertEquals("risk_signal", attribution.get("feature").asString());
        // One feature: its Shapley value is the whole log-odds difference to the reference applicant.
        assertEquals(logit(body.get("score").asDouble()) - logit(body.get("referenceScore").asDouble()),
                attribution.get("contribution").asDouble(), 1e-4);
        assertEquals(0.0, attribution.get("error").asDouble());
    }

    @Test
    void theMethodOptionChoosesOcclusionWhichStatesNoError() {
        Explanation e = template.requestBody("direct:explain-occlusion", Map.of("risk_signal", 1.5), Explanation.class);

        assertEquals(ExplanationMethod.OCCLUSION, e.method());
        assertFalse(e.exact());
        assertTrue(Double.isNaN(e.maxError()));
        FeatureAttribution a = e.attributions().get(0);
        assertEquals(logit(e.score()) - logit(e.referenceScore()), a.contribution(), 1e-4);
    }
}
