package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceOutcome;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the component closes when its context stops: what it opened, never what it was given. */
class CredenceComponentLifecycleTest {

    @TempDir
    Path dir;

    private static RouteBuilder decideAndScore() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:decide").routeId("lifecycle-decide").to("credence:decide?outputType=object");
                from("direct:score").routeId("lifecycle-score").to("credence:score?model=credit-default&outputType=object");
            }
        };
    }

    @Test
    void closesTheModelsAndAuditStoreItOpenedWhenItsContextStops() throws Exception {
        Path models = dir.resolve("models");
        ServiceFixture.writeCreditDefault(models);
        CamelContext camel = new DefaultCamelContext();
        CredenceComponent credence = camel.getComponent("credence", CredenceComponent.class);
        credence.setModelsDir(models.toString());
        credence.setTrustedKeys(io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        credence.setExecutionProvider("cpu");
        credence.setAuditDb("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath());
        camel.addRoutes(decideAndScore());
        camel.start();
        CredenceResources resources = credence.resources();
        ModelRegistry opened = resources.ownModels();
        ProducerTemplate template = camel.createProducerTemplate();
        assertTrue(template.requestBody("direct:decide", ServiceFixture.application("C-1", 0.1)) instanceof ServiceOutcome.Decided);
        assertEquals(List.of("credit-default"), opened.names());
        assertSame(opened, resources.service().engine().models().registry());
        assertTrue(resources.ownsAuditStore());

        camel.stop();

        assertEquals(List.of(), opened.names());
        IllegalStateException stopped = assertThrows(IllegalStateException.class, resources::service);
        assertTrue(stopped.getMessage().contains("stopped"), stopped.getMessage());
    }

    @Test
    void leavesAGivenServiceAndRegistryOpenAndRefusesASecondService() throws Exception {
        ModelRegistry registry = ServiceFixture.serveCreditDefault(dir.resolve("models"));
        try {
            InMemoryAuditLog audit = new InMemoryAuditLog();
            DecisionService service = ServiceFixture.service(audit);
            CamelContext camel = new DefaultCamelContext();
            CredenceComponent.bind(camel, service, registry);
            camel.addRoutes(decideAndScore());
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            template.requestBody("direct:decide", ServiceFixture.application("G-1", 0.1));
            template.requestBody("direct:score", java.util.Map.of("risk_signal", 0.0));
            CredenceComponent.bind(camel, service);   // the same service again: fine
            IllegalStateException other = assertThrows(IllegalStateException.class,
                    () -> CredenceComponent.bind(camel, ServiceFixture.service(new InMemoryAuditLog())));
            assertTrue(other.getMessage().contains("another DecisionService"), other.getMessage());

            camel.stop();

            assertEquals(List.of("credit-default"), registry.names());
            assertEquals(AuditEntry.Status.DECIDED, service.decide(Channel.CAMEL, ServiceFixture.application("G-2", 0.1))
                    .record().entry().status());
            assertEquals(2, audit.entries().size());
            assertEquals("camel", audit.entries().get(0).channel());
        } finally {
            ServiceFixture.stopServing(registry);
        }
    }
}
