package io.credence.rules.service.routes;

import io.credence.rules.camel.CredenceConstants;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * A platform-http engine whose consumers do not hold a thread while a route waits: Camel's Vert.x
 * consumer runs each exchange on a worker thread and blocks it until the route ends, and the
 * decision route ends only when the audit record is durable, so every request in flight held a
 * thread through its group commit (64 threads on 2 cores to fill a commit). These consumers run the
 * route with Camel's asynchronous routing engine on a worker thread, which is let go as soon as a
 * step answers later ({@code credence:decide} with a {@link CredenceConstants#CONTINUATION}); the
 * route goes on, and the response is written, on the request's event loop once the record is
 * durable. The server, its router and every handler on it (access control, TLS, the error pages,
 * the request limits) are the service's platform-http server's: only who waits changes.
 *
 * <p>Used by naming it on an endpoint, {@code platform-http:/path?platformHttpEngine=#}{@value #BEAN}
 * ({@link #bind} puts it in the registry). The response written is the route's message as the
 * Vert.x consumer writes it for a body of text or bytes: the status {@link Exchange#HTTP_RESPONSE_CODE}
 * (200 by default), its {@code Content-Type}, the headers the endpoint's header filter lets out, the body; a route that
 * ends with an exception fails the request to the router's error handler.
 */
public final class AnsweringHttpEngine implements PlatformHttpEngine, CamelContextAware {

    /** Its name in the Camel registry. */
    public static final String BEAN = "credence-answering-http-engine";

    private final VertxPlatformHttpEngine server = new VertxPlatformHttpEngine();
    private CamelContext camelContext;

    /** Binds an engine under {@value #BEAN} in {@code camel}'s registry, unless one is bound already. */
    public static void bind(CamelContext camel) {
        if (camel.getRegistry().lookupByNameAndType(BEAN, AnsweringHttpEngine.class) == null) {
            AnsweringHttpEngine engine = new AnsweringHttpEngine();
            engine.setCamelContext(camel);
            camel.getRegistry().bind(BEAN, engine);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        // Only to find the server's port; never started, so it does not bind itself as the default engine.
        server.setCamelContext(camelContext);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new Consumer(endpoint, processor, VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    @Override
    public int getServerPort() {
        return server.getServerPort();
    }

    /** Vert.x's platform-http consumer with the exchange routed asynchronously and answered on the event loop. */
    static final class Consumer extends VertxPlatformHttpConsumer {

        Consumer(PlatformHttpEndpoint endpoint, Processor processor, String routerName) {
            super(endpoint, processor, List.of(), routerName);
        }

        @Override
        protected void handleRequest(RoutingContext ctx) {
            if (isSuspended()) {
                ctx.response().setStatusCode(503);
                ctx.end();
                return;
            }
            Context eventLoop = ctx.vertx().getOrCreateContext();
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            Executor continuation = command -> eventLoop.runOnContext(v -> command.run());
            exchange.setProperty(CredenceConstants.CONTINUATION, continuation);
            // The rare follow-up that must ask the store (a duplicate input, a refused entry) runs on a worker.
            Executor blocking = command -> ctx.vertx().executeBlocking(() -> {
                command.run();
                return null;
            }, false);
            exchange.setProperty(CredenceConstants.BLOCKING, blocking);
            processHttpRequest(exchange, ctx).onComplete(read -> {
                if (read.failed()) {
                    fail(exchange, ctx, read.cause());
                    return;
                }
                // Off the event loop: reading the body, the idempotency look-up and the rules block.
                ctx.vertx().executeBlocking(() -> {
                    route(exchange, ctx, eventLoop);
                    return null;
                }, false);
            });
        }

        private void route(Exchange exchange, RoutingContext ctx, Context eventLoop) {
            try {
                // Vert.x hands the body over as a Buffer; the routes read it as bytes or text, which
                // Camel's converters would otherwise reach through an InputStream and an 8 kB copy buffer.
                Message in = exchange.getIn();
                if (in.getBody() instanceof Buffer buffer) {
                    in.setBody(buffer.getBytes());
                }
                createUoW(exchange);
            } catch (Exception e) {
                eventLoop.runOnContext(v -> fail(exchange, ctx, e));
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> eventLoop.runOnContext(v -> answer(exchange, ctx)));
        }

        private void answer(Exchange exchange, RoutingContext ctx) {
            if (exchange.getException() != null) {
                fail(exchange, ctx, exchange.getException());
                return;
            }
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) {
                // The request timed out or the client went away; the route's work is done regardless.
                complete(exchange);
                return;
            }
            try {
                Message message = exchange.getMessage();
                response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
                HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
                for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
                    Object value = header.getValue();
                    if (value != null && (filter == null
                            || !filter.applyFilterToCamelHeaders(header.getKey(), value, exchange))) {
                        response.putHeader(header.getKey(), value.toString());
                    }
                }
                // Camel's HTTP filter holds Content-Type back, for the consumer to set from the message.
                String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
                if (contentType != null) {
                    response.putHeader(Exchange.CONTENT_TYPE, contentType);
                }
                byte[] body = message.getBody() == null ? new byte[0] : message.getMandatoryBody(byte[].class);
                response.end(Buffer.buffer(body)).onComplete(written -> complete(exchange));
            } catch (Exception e) {
                fail(exchange, ctx, e);
            }
        }

        private void fail(Exchange exchange, RoutingContext ctx, Throwable cause) {
            getExceptionHandler().handleException("failed handling platform-http endpoint " + getEndpoint().getPath(), cause);
            if (!ctx.response().ended()) {
                ctx.fail(cause);
            }
            complete(exchange);
        }

        private void complete(Exchange exchange) {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }
}
