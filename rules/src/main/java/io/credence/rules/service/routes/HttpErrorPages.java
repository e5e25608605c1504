package io.credence.rules.service.routes;

import io.credence.rules.service.DecisionJson;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * JSON bodies for what the HTTP server answers before any route runs: an unknown path or a
 * method a path does not take (404), a body beyond the server's hard cap (413), and a server
 * error (500). Without this Vert.x answers in plain text or HTML.
 */
public final class HttpErrorPages {

    private static final Map<Integer, String> MESSAGES = Map.of(
            404, "no such resource or method; the API is described at GET /api/v1/openapi.json",
            413, "the request body is far larger than the limit; it was refused unread and not audited",
            500, "internal error");

    private HttpErrorPages() {
    }

    /** Installs the pages on the platform-http router of {@code port}; call after the context started. */
    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        // A failure before any route ran (the body handler's 413, an error): same status, JSON body.
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> answer(ctx, ctx.statusCode() < 400 ? 500 : ctx.statusCode()));
        // No route took the request (unknown path, or a method the path does not take).
        router.route().last().handler(ctx -> answer(ctx, 404));
    }

    private static void answer(RoutingContext ctx, int status) {
        if (ctx.response().ended()) {
            return;
        }
        String message = MESSAGES.getOrDefault(status, "the request failed");
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(DecisionJson.text(DecisionJson.error(message, null, List.of())));
    }
}
