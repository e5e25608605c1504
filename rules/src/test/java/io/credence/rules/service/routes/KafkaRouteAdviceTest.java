package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka route without a broker: which topic, key and body each application message leads to. */
class KafkaRouteAdviceTest extends CamelTestSupport {

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
        return new KafkaRoutes(new KafkaMessages(ServiceFixture.service(audit), "decisions", "errors", 65536),
                new KafkaSettings("localhost:1", "applications", "decisions", "errors", "test", 65536,
                        Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)));
    }

    @BeforeEach
    void advise() throws Exception {
        AdviceWith.adviceWith(context, KafkaRoutes.ROUTE_ID, a -> {
            a.replaceFromWith("direct:in");
            a.weaveByToUri("kafka:*").replace().to("mock:out");
        });
        context.start();
    }

    static Map<String, Object> source(String key) {
        return Map.of(KafkaConstants.KEY, key, KafkaConstants.TOPIC, "applications", KafkaConstants.PARTITION, 0,
                KafkaConstants.OFFSET, 7L);
    }

    @Test
    void aDecisionGoesToTheDecisionsTopicKeyedByApplicationId() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedHeaderReceived(KafkaConstants.OVERRIDE_TOPIC, "decisions");
        out.expectedHeaderReceived(KafkaConstants.KEY, "KA-1");

        template.sendBodyAndHeaders("direct:in", ServiceFixture.application("KA-1", 0.1), source("incoming-key"));

        out.assertIsSatisfied();
        assertEquals(audit.entries().get(0).decisionId(), out.getReceivedExchanges().get(0).getMessage()
                .getHeader(ServiceHeaders.DECISION_ID));
    }

    @Test
    void aRejectionGoesToTheErrorsTopicNamingItsSource() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedHeaderReceived(KafkaConstants.OVERRIDE_TOPIC, "errors");
        out.expectedHeaderReceived(KafkaConstants.KEY, "incoming-key");

        template.sendBodyAndHeaders("direct:in", "{\"applicationId\": 1}", source("incoming-key"));

        out.assertIsSatisfied();
        String body = out.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertTrue(body.contains("\"source\":{\"topic\":\"applications\",\"partition\":0,\"offset\":7}"), body);
        assertTrue(body.contains("\"field\":\"applicationId\""), body);
    }

    @Test
    void whenTheAuditLogIsDownNothingIsProducedAndTheMessageFails() throws Exception {
        audit.goDown();
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(0);

        Exchange result = template.send("direct:in", e -> {
            e.getIn().setBody(ServiceFixture.application("KA-3", 0.1));
            e.getIn().setHeaders(new java.util.HashMap<>(source("k")));
        });

        out.assertIsSatisfied();
        assertInstanceOf(AuditUnavailableException.class, result.getException());
    }
}
