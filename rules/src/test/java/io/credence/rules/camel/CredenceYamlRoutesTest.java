package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.Explanation;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.registry.UnknownModelException;
import io.credence.plugin.runtime.Score;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code credence:} endpoints in YAML DSL routes, options given as URI query and as parameters. */
class CredenceYamlRoutesTest extends CamelTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ROUTES = """
            - route:
                id: yaml-decide
                from:
                  uri: direct:yaml-decide
                  steps:
                    - doTry:
                        steps:
                          - to: credence:decide?channel=file
                          - to: mock:yaml-decided
                        doCatch:
                          - exception:
                              - io.credence.rules.service.input.InvalidApplicationException
                            steps:
                              - setBody:
                                  simple: "${exception.message}"
                              - to: mock:yaml-rejected
            - route:
                id: yaml-decide-object
                from:
                  uri: direct:yaml-decide-object
                  steps:
                    - to:
                        uri: credence:decide
                        parameters:
                          outputType: object
                          requestedBy: yaml-route
                    - to: mock:yaml-outcomes
            - route:
                id: yaml-score
                from:
                  uri: direct:yaml-score
                  steps:
                    - to:
                        uri: credence:score
                        parameters:
                          model: credit-default
                          version: 1.0.0
                          outputType: object
                    - to: mock:yaml-scores
            - route:
                id: yaml-score-missing
                from:
                  uri: direct:yaml-score-missing
                  steps:
                    - to: credence:score?model=no-such-model
            - route:
                id: yaml-explain
                from:
                  uri: direct:yaml-explain
                  steps:
                    - to:
                        uri: credence:explain
                        parameters:
                          model: credit-default
                          method: SHAPLEY_SAMPLING
                          outputType: object
            """;

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
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("credence-routes.yaml", ROUTES));
        return camel;
    }

    @BeforeEach
    void reset() {
        MockEndpoint.resetMocks(context);
    }

    @Test
    void aYamlRouteDecidesAndRecordsTheChannelItNames() throws Exception {
        MockEndpoint decided = getMockEndpoint("mock:yaml-decided");
        decided.expectedMessageCount(1);
        decided.expectedHeaderReceived(CredenceConstants.OUTCOME, "APPROVE");

        template.sendBody("direct:yaml-decide", ServiceFixture.application("Y-1", 0.1));

        decided.assertIsSatisfied();
        JsonNode body = JSON.readTree(decided.getExchanges().get(0).getMessage().getBody(String.class));
        assertEquals("APPROVE", body.get("decision").asString());
        List<AuditRows.Row> rows = AuditRows.read(auditUrl, "sa", "").stream().filter(r -> "Y-1".equals(r.applicationId())).toList();
        assertEquals(1, rows.size());
        assertEquals("file", rows.get(0).channel());
    }

    @Test
    void aYamlRouteCatchesTheRejectionOfABadBody() throws Exception {
        MockEndpoint decided = getMockEndpoint("mock:yaml-decided");
        MockEndpoint rejected = getMockEndpoint("mock:yaml-rejected");
        decided.expectedMessageCount(0);
        rejected.expectedMessageCount(1);

        template.sendBody("direct:yaml-decide", "{\"applicationId\": \"Y-2\"}");

        decided.assertIsSatisfied();
        rejected.assertIsSatisfied();
        String message = rejected.getExchanges().get(0).getMessage().getBody(String.class);
        assertTrue(message.contains("applicantAge"), message);
        List<AuditRows.Row> rows = AuditRows.read(auditUrl, "sa", "").stream().filter(r -> "Y-2".equals(r.applicationId())).toList();
        assertEquals(1, rows.size());
        assertEquals("REJECTED", rows.get(0).status());
    }

    @Test
    void parametersOfAYamlToStepAreEndpointOptions() throws Exception {
        ServiceOutcome outcome = template.requestBody("direct:yaml-decide-object", ServiceFixture.application("Y-3", 0.5),
                ServiceOutcome.class);
        Score score = template.requestBody("direct:yaml-score", Map.of("risk_signal", 0.0), Score.class);
        Explanation explanation = template.requestBody("direct:yaml-explain", Map.of("risk_signal", 2.0), Explanation.class);

        assertEquals("yaml-route", outcome.record().entry().requestedBy());
        assertEquals("DECLINE", outcome.record().entry().outcome());
        assertEquals(0.5, score.value(), 1e-6);
        assertEquals("1.0.0", score.version());
        assertEquals(ExplanationMethod.SHAPLEY_SAMPLING, explanation.method());
    }

    @Test
    void aYamlRouteToAModelThatIsNotLoadedFailsNamingIt() {
        Exchange done = template.request("direct:yaml-score-missing", e -> e.getIn().setBody(Map.of("risk_signal", 0.0)));

        UnknownModelException e = assertInstanceOf(UnknownModelException.class, done.getException());
        assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("credit-default"), e.getMessage());
    }
}
