package io.credence.rules.service.routes;

import io.credence.rules.security.http.RequestPrincipal;
import io.credence.rules.service.DecisionJson;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The REST channel over Camel platform-http; all the work is in {@link DecisionHttp} (and, for
 * {@code POST /api/v1/erasures}, {@link ErasureHttp}; for {@code GET /api/v1/decisions/{id}/notice},
 * {@link NoticeHttp}).
 *
 * <pre>{@code
 * context.addRoutes(new RestRoutes(new DecisionHttp(service, 65536, healthDetails), new ErasureHttp(auditLog),
 *         new NoticeHttp(auditLog, settings.notice(), accessLog, Clock.systemUTC())));
 * }</pre>
 */
public final class RestRoutes extends RouteBuilder {

    public static final String POST_ROUTE_ID = "decisions-post";
    public static final String GET_ROUTE_ID = "decisions-get";
    public static final String PROOF_ROUTE_ID = "decisions-proof";
    public static final String NOTICE_ROUTE_ID = "decisions-notice";
    public static final String HEALTH_ROUTE_ID = "health";
    public static final String READY_ROUTE_ID = "health-ready";
    public static final String LIVE_ROUTE_ID = "health-live";
    public static final String ERASURE_ROUTE_ID = "erasures-post";
    public static final String DECISIONS_PATH = "/api/v1/decisions";
    public static final String ERASURES_PATH = "/api/v1/erasures";

    private final DecisionHttp http;
    private final ErasureHttp erasures;
    private final NoticeHttp notices;

    public RestRoutes(DecisionHttp http) {
        this(http, null);
    }

    /** With {@code POST /api/v1/erasures} (the role admin) when {@code erasures} is not null. */
    public RestRoutes(DecisionHttp http, ErasureHttp erasures) {
        this(http, erasures, null);
    }

    /** And with {@code GET /api/v1/decisions/{id}/notice} (the role review) when {@code notices} is not null. */
    public RestRoutes(DecisionHttp http, ErasureHttp erasures, NoticeHttp notices) {
        this.http = http;
        this.erasures = erasures;
        this.notices = notices;
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

        if (notices != null) {
            getCamelContext().getRegistry().bind(CacheControlHeaders.BEAN, new CacheControlHeaders());
            from("platform-http:" + DECISIONS_PATH + "/{id}/notice?httpMethodRestrict=GET&headerFilterStrategy=#"
                    + CacheControlHeaders.BEAN)
                    .routeId(NOTICE_ROUTE_ID)
                    .process(e -> reply(e, notices.get(e.getIn().getHeader("id", String.class),
                            e.getIn().getHeader("Accept", String.class), RequestPrincipal.of(e))));
        }

        from("platform-http:" + DECISIONS_PATH + "/{id}?httpMethodRestrict=GET")
                .routeId(GET_ROUTE_ID)
                .process(e -> reply(e, http.get(e.getIn().getHeader("id", String.class), RequestPrincipal.of(e))));

        if (erasures != null) {
            from("platform-http:" + ERASURES_PATH + "?httpMethodRestrict=POST")
                    .routeId(ERASURE_ROUTE_ID)
                    .process(e -> reply(e, erasures.post(e.getIn().getHeader(Exchange.CONTENT_TYPE, String.class),
                            e.getIn().getBody(byte[].class), RequestPrincipal.of(e))));
        }

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

    private static void reply(Exchange exchange, HttpBody reply) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        if (reply.decisionId() != null) {
            exchange.getMessage().setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
        }
        reply.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(reply.body());
    }
}
