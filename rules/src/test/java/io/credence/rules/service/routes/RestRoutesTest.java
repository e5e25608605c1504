package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST routes without HTTP: their entry points replaced by direct endpoints. */
class RestRoutesTest extends CamelTestSupport {

    @TempDir
    static Path models;
    static ModelRegistry registry;
    final InMemoryAuditLog audit = new InMemoryAuditLog();

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
        return new RestRoutes(new DecisionHttp(ServiceFixture.service(audit), 65536, () -> new DecisionHttp.Readiness(true, Map.of())));
    }

    private void advise() throws Exception {
        AdviceWith.adviceWith(context, RestRoutes.POST_ROUTE_ID, a -> {
            a.replaceFromWith("direct:post");
            a.weaveAddLast().to("mock:replies");
        });
        AdviceWith.adviceWith(context, RestRoutes.GET_ROUTE_ID, a -> {
            a.replaceFromWith("direct:get");
            a.weaveAddLast().to("mock:replies");
        });
        AdviceWith.adviceWith(context, RestRoutes.PROOF_ROUTE_ID, a -> a.replaceFromWith("direct:proof"));
        AdviceWith.adviceWith(context, RestRoutes.HEALTH_ROUTE_ID, a -> {
            a.replaceFromWith("direct:health");
            a.weaveAddLast().to("mock:replies");
        });
        AdviceWith.adviceWith(context, RestRoutes.READY_ROUTE_ID, a -> a.replaceFromWith("direct:ready"));
        AdviceWith.adviceWith(context, RestRoutes.LIVE_ROUTE_ID, a -> a.replaceFromWith("direct:live"));
        AdviceWith.adviceWith(context, RestRoutes.OPENAPI_ROUTE_ID, a -> a.replaceFromWith("direct:openapi"));
        context.start();
    }

    @Test
    void postAnswersWithTheDecisionAndItsIdHeader() throws Exception {
        advise();
        MockEndpoint replies = getMockEndpoint("mock:replies");
        replies.expectedHeaderReceived(Exchange.HTTP_RESPONSE_CODE, 200);
        replies.expectedMessageCount(1);

        template.sendBodyAndHeader("direct:post", ServiceFixture.application("APP-1", 0.5), Exchange.CONTENT_TYPE,
                "application/json; charset=UTF-8");

        replies.assertIsSatisfied();
        Exchange reply = replies.getReceivedExchanges().get(0);
        assertEquals(audit.entries().get(0).decisionId(), reply.getMessage().getHeader(ServiceHeaders.DECISION_ID));
        assertEquals("DECLINE", ServiceFixture.READER.mapper().readTree(reply.getMessage().getBody(String.class))
                .get("decision").asString());
    }

    @Test
    void requestHeadersAreNotEchoedBack() throws Exception {
        advise();
        MockEndpoint replies = getMockEndpoint("mock:replies");
        replies.expectedMessageCount(1);

        template.sendBodyAndHeaders("direct:post", "{}", Map.of(Exchange.CONTENT_TYPE, "application/json",
                "X-Secret", "token"));

        replies.assertIsSatisfied();
        assertFalse(replies.getReceivedExchanges().get(0).getMessage().getHeaders().containsKey("X-Secret"));
        assertEquals(400, replies.getReceivedExchanges().get(0).getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
    }

    @Test
    void healthAnswersUp() throws Exception {
        advise();
        MockEndpoint replies = getMockEndpoint("mock:replies");
        replies.expectedHeaderReceived(Exchange.HTTP_RESPONSE_CODE, 200);
        replies.expectedBodiesReceived("{\"status\":\"UP\"}");

        template.sendBody("direct:health", null);

        replies.assertIsSatisfied();
    }

    @Test
    void getOfAnUnknownIdAnswers404() throws Exception {
        advise();
        MockEndpoint replies = getMockEndpoint("mock:replies");
        replies.expectedHeaderReceived(Exchange.HTTP_RESPONSE_CODE, 404);

        template.sendBodyAndHeader("direct:get", null, "id", "nope");

        replies.assertIsSatisfied();
    }
}
