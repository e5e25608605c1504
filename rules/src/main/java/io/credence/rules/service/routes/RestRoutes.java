package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.camel.CredenceComponent;
import io.credence.rules.camel.CredenceConstants;
import io.credence.rules.security.http.RequestPrincipal;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.openapi.OpenApiDocument;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST channel over Camel platform-http; all the work is in {@link DecisionHttp} (and, for
 * {@code POST /api/v1/erasures}, {@link ErasureHttp}; for {@code GET /api/v1/decisions/{id}/notice},
 * {@link NoticeHttp}); {@code GET /api/v1/openapi.json} answers their description
 * ({@link OpenApiDocument}). A POST that passes the HTTP checks is decided through
 * {@code credence:decide} ({@link #DECIDE}), with the component bound to the service's own
 * {@link io.credence.rules.service.DecisionService}.
 *
 * <pre>{@code
 * context.addRoutes(new RestRoutes(new DecisionHttp(service, 65536, healthDetails), new ErasureHttp(auditLog), null,
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
    public static final String OPENAPI_ROUTE_ID = "openapi";
    public static final String DECISIONS_PATH = "/api/v1/decisions";
    public static final String ERASURES_PATH = "/api/v1/erasures";

    /** How the POST route decides: the service's outcome as an object, a rejection being an answer too. */
    static final String DECIDE = "credence:decide?channel=rest&outputType=object&failOnRejection=false";
    /** Exchange property: the reply was made before the decision (a refused body). */
    static final String ANSWERED = "CredenceHttpAnswered";

    private static final Logger REPLIES = LoggerFactory.getLogger(RestRoutes.class);

    private final DecisionHttp http;
    private final ErasureHttp erasures;
    private final HealthHttp health;
    private final NoticeHttp notices;

    public RestRoutes(DecisionHttp http) {
        this(http, null);
    }

    /** With {@code POST /api/v1/erasures} (the role admin) when {@code erasures} is not null. */
    public RestRoutes(DecisionHttp http, ErasureHttp erasures) {
        this(http, erasures, null);
    }

    /**
     * With the health endpoints answered by {@code health} (Camel's health checks in the service);
     * null = {@link DecisionHttp#ready()} and {@link DecisionHttp#live()}.
     */
    public RestRoutes(DecisionHttp http, ErasureHttp erasures, HealthHttp health) {
        this(http, erasures, health, null);
    }

    /** And with {@code GET /api/v1/decisions/{id}/notice} (the role review) when {@code notices} is not null. */
    public RestRoutes(DecisionHttp http, ErasureHttp erasures, HealthHttp health, NoticeHttp notices) {
        this.http = http;
        this.erasures = erasures;
        this.health = health;
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

        // The HTTP checks here; the decision through the credence component, as any integrator's route.
        CredenceComponent.bind(getContext(), http.service());
        // No thread waits for the audit commit: the route goes on on the event loop once the record is durable.
        AnsweringHttpEngine.bind(getContext());
        from("platform-http:" + DECISIONS_PATH + "?httpMethodRestrict=POST&platformHttpEngine=#" + AnsweringHttpEngine.BEAN)
                .routeId(POST_ROUTE_ID)
                .doTry()
                    .process(this::admit)
                    .filter(exchangeProperty(ANSWERED).isNull())
                        .to(DECIDE)
                        .process(e -> reply(e, http.answer(e.getMessage().getBody(ServiceOutcome.class))))
                    .endDoTry()
                .doCatch(AuditUnavailableException.class)
                    .process(e -> reply(e, http.unavailableForDecisions(
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, AuditUnavailableException.class))))
                .end();

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

        // The description of every route here (a route added here is added to that document too).
        String openApi = OpenApiDocument.load().text();
        from("platform-http:" + OpenApiDocument.PATH + "?httpMethodRestrict=GET")
                .routeId(OPENAPI_ROUTE_ID)
                .process(e -> reply(e, new HttpReply(200, openApi, null)));

        from("platform-http:/health?httpMethodRestrict=GET")
                .routeId(HEALTH_ROUTE_ID)
                .process(e -> reply(e, health != null ? health.ready() : http.ready()));

        from("platform-http:/health/ready?httpMethodRestrict=GET")
                .routeId(READY_ROUTE_ID)
                .process(e -> reply(e, health != null ? health.ready() : http.ready()));

        from("platform-http:/health/live?httpMethodRestrict=GET")
                .routeId(LIVE_ROUTE_ID)
                .process(e -> reply(e, health != null ? health.live() : http.live()));
    }

    /** Refuses a body the HTTP checks refuse (answered, {@link #ANSWERED}), else leaves its text to decide. */
    private void admit(Exchange exchange) {
        Message in = exchange.getIn();
        DecisionHttp.Admission admission = http.admit(in.getHeader(Exchange.CONTENT_TYPE, String.class),
                in.getBody(byte[].class), RequestPrincipal.of(exchange));
        if (admission.refused() != null) {
            reply(exchange, admission.refused());
            exchange.setProperty(ANSWERED, true);
            return;
        }
        // Who asked is the authenticated principal, never a header the client sent.
        CredenceConstants.removeAll(in);
        if (admission.requestedBy() != null) {
            in.setHeader(CredenceConstants.REQUESTED_BY, admission.requestedBy());
        }
        in.setBody(admission.text());
    }

    private static void reply(Exchange exchange, HttpReply reply) {
        // Request headers must not be echoed back as response headers.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        if (reply.decisionId() != null) {
            exchange.getMessage().setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
        }
        // Answers name decisions and their reasons: no cache keeps them (let out by CacheControlHeaders).
        exchange.getMessage().setHeader(CacheControlHeaders.NAME, CacheControlHeaders.NO_STORE);
        reply.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(reply.json());
        // In the decision's log context (DecisionUnitOfWork), as every line after the decision returned.
        REPLIES.debug("answering HTTP {}", reply.status());
    }

    private static void reply(Exchange exchange, HttpBody reply) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        if (reply.decisionId() != null) {
            exchange.getMessage().setHeader(ServiceHeaders.DECISION_ID, reply.decisionId());
        }
        exchange.getMessage().setHeader(CacheControlHeaders.NAME, CacheControlHeaders.NO_STORE);
        reply.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(reply.body());
        REPLIES.debug("answering HTTP {} ({})", reply.status(), reply.contentType());
    }
}
