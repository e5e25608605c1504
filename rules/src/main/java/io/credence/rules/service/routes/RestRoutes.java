package io.credence.rules.service.routes;

import io.credence.rules.security.http.RequestPrincipal;
import io.credence.rules.service.DecisionJson;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The REST channel over Camel platform-http; all the work is in {@link DecisionHttp}.
 *
 * <pre>{@code
 * context.addRoutes(new RestRoutes(new DecisionHttp(service, 65536, healthDetails)));
 * }</pre>
 */
public final class RestRoutes extends RouteBuilder {

    public static final String POST_ROUTE_ID = "decisions-post";
    public static final String GET_ROUTE_ID = "decisions-get";
    public static final String PROOF_ROUTE_ID = "decisions-proof";
    public static final String HEALTH_ROUTE_ID = "health";
    public static final String READY_ROUTE_ID = "health-ready";
    public static final String LIVE_ROUTE_ID = "health-live";
    public static final String DECISIONS_PATH = "/api/v1/decisions";

    private final DecisionHttp http;

    public RestRoutes(DecisionHttp http) {
        this.http = http;
    }

    @Override
    public void configure() {
        // The outermost handler: whatever escaped becomes a JSON 500, never a stack trace.
        onException(Exception.class)
                .handled(true)
                .log(org.apache.camel.LoggingLevel.ERROR, "${routeId} failed: ${exception.message}")
                .process(e -> reply(e, new HttpReply(500, DecisionJson.text(DecisionJson.error(
                        "internal error; nothing was decided", null, List.of())), null)));

        from("platform-http:" + DECISIONS_PATH + "?httpMethodRestrict=POST")
                .routeId(POST_ROUTE_ID)
                .process(e -> reply(e, http.post(e.getIn().getHeader(Exchange.CONTENT_TYPE, String.class),
                        e.getIn().getBody(byte[].class), RequestPrincipal.of(e))));

        from("platform-http:" + DECISIONS_PATH + "/{id}/proof?httpMethodRestrict=GET")
                .routeId(PROOF_ROUTE_ID)
                .process(e -> reply(e, http.proof(e.getIn().getHeader("id", String.class), RequestPrincipal.of(e))));

        from("platform-http:" + DECISIONS_PATH + "/{id}?httpMethodRestrict=GET")
                .routeId(GET_ROUTE_ID)
                .process(e -> reply(e, http.get(e.getIn().getHeader("id", String.class), RequestPrincipal.of(e))));

        from("platform-http:/health?httpMethodRestrict=GET")
                .routeId(HEALTH_ROUTE_ID)
                .process(e -> reply(e, http.ready()));

        from("platform-http:/health/ready?httpMethodRestrict=GET")
                .routeId(READY_ROUTE_ID)
                .process(e -> reply(e, http.ready()));

        from("platform-http:/health/live?httpMethodRestrict=GET")
                .routeId(LIVE_ROUTE_ID)
                .process(e -> reply(e, http.live()));
    }

    private static void reply(Exchange exchange, HttpReply reply) {
        // Request headers must not be echoed back as response headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        if (reply.decisionId() != null) {
            exchange.getMessage().setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
        }
        reply.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(reply.json());
    }
}
