package io.credence.rules.security.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.session.SessionAuthenticator;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * The Vert.x side of {@link AccessControl}: reads the credentials ({@code Authorization: Bearer}
 * and the cookies), removes headers a client must not set ({@code X-Credence-Principal*}, the
 * platform-http user header), and then goes on as the principal ({@link RequestPrincipal}) or
 * answers itself:
 *
 * <ul>
 *   <li>401 with {@code WWW-Authenticate: Bearer realm="credence"}, plus {@code error="invalid_token"}
 *       when credentials were sent but refused (RFC 6750);</li>
 *   <li>403 with {@code error="insufficient_scope"} and a body that names the role needed.</li>
 * </ul>
 *
 * With a {@link SignInRedirect}, a browser asking for a page below its path gets instead a
 * {@code 303} to the sign-in form (for a 401; a session cookie the server no longer knows is
 * removed) or a short HTML page (for a 403).
 *
 * Bodies are the service's error shape, {@code {"error": "...", "violations": []}}, and say
 * nothing of why a token failed (that goes to the log, without the token).
 */
public final class AccessControlHandler implements Handler<RoutingContext> {

    /** The realm of {@code WWW-Authenticate}. */
    public static final String REALM = "credence";
    /** Request headers with this prefix are removed: only the handler says who the caller is. */
    public static final String PRINCIPAL_HEADER_PREFIX = "x-credence-principal";
    static final String UNAUTHENTICATED = "authentication required: send Authorization: Bearer with an API key"
            + " or an access token";
    static final String REFUSED = "the credentials were refused";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccessControl access;
    private final SignInRedirect signIn;

    public AccessControlHandler(AccessControl access) {
        this(access, null);
    }

    /** @param signIn where browsers without credentials are sent; null = nowhere, 401 for everyone */
    public AccessControlHandler(AccessControl access, SignInRedirect signIn) {
        this.access = access;
        this.signIn = signIn;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        removeClientPrincipalHeaders(request.headers());
        RequestCredentials credentials = credentials(request);
        AccessControl.Verdict verdict = access.check(request.method().name(), ctx.normalizedPath(), credentials);
        boolean browser = signIn != null && signIn.applies(ctx.normalizedPath(), request.headers().getAll("Accept"));
        if (verdict instanceof AccessControl.Allowed allowed) {
            if (allowed.principal() != null) {
                ctx.setUser(RequestPrincipal.user(allowed.principal()));
            }
            ctx.next();
        } else if (verdict instanceof AccessControl.Unauthenticated && browser) {
            toSignIn(ctx, credentials.cookies().containsKey(SessionAuthenticator.COOKIE));
        } else if (verdict instanceof AccessControl.Forbidden f && browser) {
            forbiddenPage(ctx, f.message());
        } else if (verdict instanceof AccessControl.Unauthenticated u) {
            answer(ctx, 401, u.credentialsRefused() ? REFUSED : UNAUTHENTICATED,
                    "Bearer realm=\"" + REALM + "\"" + (u.credentialsRefused() ? ", error=\"invalid_token\"" : ""));
        } else if (verdict instanceof AccessControl.Forbidden f) {
            answer(ctx, 403, f.message(), "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"");
        }
    }

    static RequestCredentials credentials(HttpServerRequest request) {
        Map<String, String> cookies = new HashMap<>();
        for (Cookie c : request.cookies()) {
            cookies.putIfAbsent(c.getName(), c.getValue());
        }
        return new RequestCredentials(bearer(request.getHeader("Authorization")), cookies);
    }

    /** The token of {@code Bearer <token>} (scheme in any case), or null for no or another scheme. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        if (a.length() < 7 || !a.substring(0, 7).equalsIgnoreCase("bearer ")) {
            return null;
        }
        return a.substring(7).strip();
    }

    private static void removeClientPrincipalHeaders(MultiMap headers) {
        List<String> names = headers.names().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).startsWith(PRINCIPAL_HEADER_PREFIX)
                        || n.equalsIgnoreCase(VertxPlatformHttpConstants.AUTHENTICATED_USER))
                .toList();
        names.forEach(headers::remove);
    }

    /** 303 to the sign-in form; a session cookie that got here was refused, so it is removed. */
    private void toSignIn(RoutingContext ctx, boolean staleSession) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(303).putHeader("Location", signIn.signInPath()).putHeader("Cache-Control", "no-store");
        if (staleSession) {
            ctx.response().putHeader("Set-Cookie", signIn.expiredSessionCookie());
        }
        ctx.response().end();
    }

    /** 403 as a page: a browser shows it, where the JSON body would be a wall of text. */
    private void forbiddenPage(RoutingContext ctx, String message) {
        if (ctx.response().ended()) {
            return;
        }
        // The message names roles only (AccessPolicy.Requirement#describe): nothing the caller sent.
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed</title></head>"
                + "<body><h1>Not allowed</h1><p role=\"alert\" id=\"refused\">" + escape(message) + ".</p>"
                + "<p><a href=\"" + signIn.pathPrefix() + "\">Back</a> · <a href=\"" + signIn.signInPath()
                + "\">Sign in as someone else</a></p></body></html>\n";
        ctx.response().setStatusCode(403)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"")
                .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store")
                .end(html);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void answer(RoutingContext ctx, int status, String message, String challenge) {
        if (ctx.response().ended()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode().put("error", message);
        body.putArray("violations");
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("WWW-Authenticate", challenge)
                .putHeader("Cache-Control", "no-store")
                .end(body.toString());
    }
}
