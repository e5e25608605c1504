package io.credence.rules.audit.web;

import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditUnavailableException;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Serves {@link AuditPage} over Camel platform-http: {@code GET /audit} (search) and
 * {@code GET /audit/decisions/{id}} (one decision). The service adds it to its CamelContext:
 *
 * <pre>{@code
 * context.addRoutes(new AuditPageRoutes(auditLog));
 * }</pre>
 */
public final class AuditPageRoutes extends RouteBuilder {

    public static final String SEARCH_ROUTE_ID = "audit-page-search";
    public static final String DECISION_ROUTE_ID = "audit-page-decision";
    /** Nothing but the page itself: no scripts, no frames, no remote content, forms post only here. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final AuditPage page;

    public AuditPageRoutes(AuditLog log) {
        this.page = new AuditPage(log);
    }

    @Override
    public void configure() {
        from("platform-http:/audit?httpMethodRestrict=GET")
                .routeId(SEARCH_ROUTE_ID)
                .process(exchange -> respond(exchange, () -> page.search(
                        AuditPage.parseQuery(exchange.getIn().getHeader(Exchange.HTTP_RAW_QUERY, String.class)))));
        from("platform-http:/audit/decisions/{id}?httpMethodRestrict=GET")
                .routeId(DECISION_ROUTE_ID)
                .process(exchange -> respond(exchange, () -> page.decision(exchange.getIn().getHeader("id", String.class))));
    }

    private static void respond(Exchange exchange, Supplier<AuditPage.Page> render) {
        AuditPage.Page result;
        try {
            result = render.get();
        } catch (AuditUnavailableException e) {
            result = AuditPage.unavailable(e.getMessage());
        }
        // Request headers (query parameters among them) must not be echoed as response headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, result.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setBody(result.html());
    }
}
