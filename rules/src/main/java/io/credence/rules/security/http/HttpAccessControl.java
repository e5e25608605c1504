package io.credence.rules.security.http;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Puts the {@link AccessControlHandler} on the platform-http router of a port, in front of every
 * route. It is a Camel service added after the HTTP server ({@code MainHttpServer}): Camel starts
 * services before routes, so the handler is on the router before any platform-http consumer adds
 * its route, and no request ever reaches a route unchecked.
 *
 * <pre>{@code
 * camel.addService(server);                                    // MainHttpServer on port
 * camel.addService(new HttpAccessControl(port, access));       // then this, before camel.start()
 * }</pre>
 *
 * <p>The handler runs with the lowest order (only the JSON failure pages come earlier, and they
 * handle failures only), on the event loop, in the same turn as the request arrived. It cannot be
 * a blocking (worker) handler: platform-http's body handler resumes the request it expects the
 * router to have paused in that turn, and after a hop to a worker an HTTP/2 request without a body
 * has already ended (the resume fails) and an HTTP/1.1 body loses the chunks that arrived
 * meanwhile. So an {@link io.credence.rules.security.Authenticator} must not block: the API key
 * file costs one {@code stat} per request, a JWT check is CPU work against cached keys (a JWKS URL
 * is refreshed ahead of expiry in the background), and a session check must be a memory look-up.
 */
public final class HttpAccessControl extends ServiceSupport implements CamelContextAware {

    /** The handler's route order: before every route the consumers add (their orders count up from 0). */
    public static final int ORDER = Integer.MIN_VALUE + 1;

    private final int port;
    private final AccessControl access;
    private final SignInRedirect signIn;
    private CamelContext camel;

    public HttpAccessControl(int port, AccessControl access) {
        this(port, access, null);
    }

    /** @param signIn where browsers without credentials are sent (null: 401 for every caller) */
    public HttpAccessControl(int port, AccessControl access, SignInRedirect signIn) {
        this.port = port;
        this.access = access;
        this.signIn = signIn;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    protected void doStart() {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http server on port " + port
                    + " to protect: add the HTTP server to the context before the access control");
        }
        router.route().order(ORDER).handler(new AccessControlHandler(access, signIn));
    }
}
