package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.credence.rules.audit.TestPostgres;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.input.InvalidApplicationException;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence:decide} recording in PostgreSQL, configured on the component (audit-db, user,
 * password): a decision, its replay and a rejection, one record each. Runs when
 * {@code CREDENCE_TEST_PG_URL} is set, and is skipped otherwise.
 */
class CredencePostgresTest extends CamelTestSupport {

    @TempDir
    static Path models;

    @BeforeAll
    static void emptyStore() throws Exception {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
        ServiceFixture.writeCreditDefault(models);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        CredenceComponent credence = camel.getComponent("credence", CredenceComponent.class);
        credence.setModelsDir(models.toString());
        credence.setTrustedKeys(io.credence.plugin.testing.TestSigning.trustedKeysDir(models).toString());   // no package in it
        credence.setExecutionProvider("cpu");
        credence.setAuditDb(TestPostgres.URL);
        credence.setAuditUser(TestPostgres.USER);
        credence.setAuditPassword(TestPostgres.PASSWORD);
        return camel;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:decide").routeId("pg-decide").to("credence:decide?channel=kafka");
            }
        };
    }

    @Test
    void decisionsReplaysAndRejectionsLeaveOneRecordEachInPostgres() throws Exception {
        Exchange first = template.request("direct:decide", e -> e.getIn().setBody(ServiceFixture.application("P-1", 0.3)));
        Exchange again = template.request("direct:decide", e -> e.getIn().setBody(ServiceFixture.application("P-1", 0.3)));
        Exchange bad = template.request("direct:decide", e -> e.getIn().setBody("{\"applicationId\": \"P-2\"}"));

        assertEquals(true, again.getMessage().getHeader(CredenceConstants.REPLAYED));
        assertEquals(first.getMessage().getHeader(CredenceConstants.DECISION_ID),
                again.getMessage().getHeader(CredenceConstants.DECISION_ID));
        assertInstanceOf(InvalidApplicationException.class, bad.getException());
        List<AuditRows.Row> rows = AuditRows.read(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
        assertEquals(List.of("P-1:DECIDED:REFER:kafka", "P-2:REJECTED:null:kafka"), rows.stream()
                .map(r -> r.applicationId() + ":" + r.status() + ":" + r.outcome() + ":" + r.channel()).toList());
    }
}
