package io.credence.rules.service.reload;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /admin/rules/reload} and {@code POST /admin/models/reload}: the reloads of
 * {@link Reloader}, answered with its {@link ReloadResult} as JSON, 200 when swapped, 422 when the new
 * state was refused (the old one keeps serving), 409 when the service has no folder to reload from.
 * Behind the service's access control like every route: {@code /admin/**} needs the role
 * {@code admin} where access control is on (docs/security.md).
 *
 * <pre>{@code
 * context.addRoutes(new ReloadRoutes(reloader));
 * }</pre>
 */
public final class ReloadRoutes extends RouteBuilder {

    public static final String RULES_PATH = "/admin/rules/reload";
    public static final String MODELS_PATH = "/admin/models/reload";
    public static final String RULES_ROUTE_ID = "admin-rules-reload";
    public static final String MODELS_ROUTE_ID = "admin-models-reload";

    private final Reloader reloader;

    public ReloadRoutes(Reloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public void configure() {
        route(RULES_PATH, RULES_ROUTE_ID, r -> r.reloadRules(Reloader.ADMIN));
        route(MODELS_PATH, MODELS_ROUTE_ID, r -> r.reloadModels(Reloader.ADMIN));
    }

    private void route(String path, String id, Function<Reloader, ReloadResult> reload) {
        from("platform-http:" + path + "?httpMethodRestrict=POST")
                .routeId(id)
                .process(e -> {
                    ReloadResult result = reload.apply(reloader);
                    // Request headers must not be echoed back as response headers.
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, result.result().status());
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
                    e.getMessage().setHeader("Cache-Control", "no-store");
                    e.getMessage().setBody(result.toJson().toString());
                });
    }
}
