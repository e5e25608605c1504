package io.credence.rules.service.routes;

import io.credence.rules.service.DecisionService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The REST channel of the REST tests: {@link RestRoutes} over a real platform-http server on a free
 * loopback port, with the service's JSON error pages.
 *
 * <pre>{@code
 * LoopbackRest rest = LoopbackRest.start(service, 65536, () -> new DecisionHttp.Readiness(true, Map.of()), camel -> { });
 * HttpRequest.newBuilder(URI.create(rest.base() + "/api/v1/decisions")) ...
 * rest.close();
 * }</pre>
 *
 * @param camel the started context
 * @param base  {@code http://127.0.0.1:PORT}
 */
record LoopbackRest(CamelContext camel, String base) implements AutoCloseable {

    /**
     * @param maxBodyBytes the largest body the service reads; the server itself refuses one over 4 times that
     * @param configure    what the test adds to the context before the server starts (registry beans)
     */
    static LoopbackRest start(DecisionService service, long maxBodyBytes, Supplier<DecisionHttp.Readiness> readiness,
                              Consumer<CamelContext> configure) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CamelContext camel = new DefaultCamelContext();
        configure.accept(camel);
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setMaxBodySize(maxBodyBytes * 4);
        camel.addService(server);
        camel.addRoutes(new RestRoutes(new DecisionHttp(service, maxBodyBytes, readiness)));
        camel.start();
        HttpErrorPages.install(camel, port);
        return new LoopbackRest(camel, "http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
