package io.credence.rules.service.tls;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * {@code Strict-Transport-Security: max-age=31536000} on every response of an HTTPS server:
 * browsers that saw it once use only HTTPS for this host for a year. A Vert.x handler ahead of
 * every route sets it just before the headers are written, so answers that never reach a Camel
 * route (404, the server's 413, a 500) carry it too.
 *
 * <pre>{@code
 * camel.start();
 * StrictTransportSecurity.install(camel, settings.httpPort());
 * }</pre>
 */
public final class StrictTransportSecurity {

    public static final String HEADER = "Strict-Transport-Security";
    /** One year; no {@code includeSubDomains}: other services on sibling hosts are not ours to decide. */
    public static final String VALUE = "max-age=31536000";

    private StrictTransportSecurity() {
    }

    /** Installs the header on the platform-http router of {@code port}; call after the context started, only under TLS. */
    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(ignored -> ctx.response().putHeader(HEADER, VALUE));
            ctx.next();
        });
    }
}
