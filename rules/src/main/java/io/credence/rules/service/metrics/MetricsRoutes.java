package io.credence.rules.service.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /metrics}: the service's meters in Prometheus text format 0.0.4. The route is behind the
 * service's access control like every other: with access control on it needs the role {@code metrics}
 * (a scraper's key) or {@code admin}; with it off the service listens on loopback only and the route
 * is open, as {@code /health} is (docs/security.md).
 *
 * <pre>{@code
 * context.addRoutes(new MetricsRoutes(metrics));
 * }</pre>
 */
public final class MetricsRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "metrics";
    public static final String PATH = "/metrics";

    private final ServiceMetrics metrics;

    public MetricsRoutes(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET")
                .routeId(ROUTE_ID)
                .process(e -> {
                    // Request headers must not be echoed back as response headers.
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, ServiceMetrics.CONTENT_TYPE);
                    e.getMessage().setHeader("Cache-Control", "no-store");
                    e.getMessage().setBody(metrics.scrape());
                });
    }
}
