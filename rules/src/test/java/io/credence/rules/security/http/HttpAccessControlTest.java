package io.credence.rules.security.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.AccessPolicy;
import io.credence.rules.security.Authentication;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler on a bare platform-http server: where it sits, what the routes get from it. */
class HttpAccessControlTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** A stand-in authenticator: the token {@code let-me-in} is a decide principal, any other bearer is refused. */
    static final Authenticator GATE = request -> request.bearer() == null ? Authentication.NOT_MINE
            : request.bearer().equals("let-me-in")
            ? new Authentication.Authenticated(new Principal("probe", Set.of(Role.DECIDE), "test"))
            : new Authentication.Refused("not the test token");

    CamelContext camel;
    String base;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    /** A context with the server, the access control and two routes that echo what they got. */
    void start(List<Integer> statusesWhileRoutesStart) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addService(new HttpAccessControl(port, new AccessControl(AccessPolicy.SERVICE, List.of(GATE))));
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                // The moment a route is up, a request without credentials must already be checked.
                statusesWhileRoutesStart.add(get("/api/v1/decisions/x", null).statusCode());
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteStartedEvent;
            }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/api/v1/decisions?httpMethodRestrict=POST").routeId("echo-post")
                        .process(e -> {
                            Principal p = RequestPrincipal.of(e);
                            byte[] body = e.getIn().getBody(byte[].class);
                            e.getMessage().removeHeaders("*");
                            e.getMessage().setBody((p == null ? "nobody" : p.id()) + " sent " + (body == null ? 0 : body.length));
                        });
                from("platform-http:/api/v1/decisions/{id}?httpMethodRestrict=GET").routeId("echo-get")
                        .process(e -> {
                            Principal p = RequestPrincipal.of(e);
                            String spoofed = e.getIn().getHeader("X-Credence-Principal", String.class);
                            e.getMessage().removeHeaders("*");
                            e.getMessage().setBody((p == null ? "nobody" : p.id()) + " spoofed=" + spoofed);
                        });
            }
        });
        camel.start();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET()
                .header("X-Credence-Principal", "admin")
                .header("CamelVertxPlatformHttpAuthenticatedUser", "{\"credence\":true,\"name\":\"admin\"}");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHandlerIsInFrontOfEveryRouteBeforeAnyRouteStarts() throws Exception {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        start(statuses);

        assertEquals(List.of(401, 401), statuses);
        assertEquals(401, get("/api/v1/decisions/x", null).statusCode());
    }

    @Test
    void theRoutesGetTheAuthenticatedPrincipalAndNoHeaderAClientSetAboutIt() throws Exception {
        start(new CopyOnWriteArrayList<>());

        HttpResponse<String> response = get("/api/v1/decisions/x", "let-me-in");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("test:probe spoofed=null", response.body());
    }

    @Test
    void aRequestBodyPassesTheBlockingHandlerWhole() throws Exception {
        start(new CopyOnWriteArrayList<>());
        byte[] body = new byte[200_000];

        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
                .header("Authorization", "Bearer let-me-in").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("test:probe sent 200000", response.body());
    }

    @Test
    void aRefusedTokenIsAnInvalidTokenChallengeAndNoTokenAPlainOne() throws Exception {
        start(new CopyOnWriteArrayList<>());

        HttpResponse<String> refused = get("/api/v1/decisions/x", "forged");
        HttpResponse<String> none = get("/api/v1/decisions/x", null);

        assertEquals(401, refused.statusCode());
        assertEquals("Bearer realm=\"credence\", error=\"invalid_token\"", refused.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("{\"error\":\"the credentials were refused\",\"violations\":[]}", refused.body());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"credence\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(none.body().contains("authentication required"), none.body());
        assertFalse(refused.body().contains("not the test token"), refused.body());
    }
}
