package io.credence.rules.audit.web;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * What the pages read from a browser's request: cookies, bearer token, form, address, origin.
 * Request headers are read from the HTTP request itself where there is one: platform-http also
 * copies a posted form's fields into the message headers, and a field must not pass for a header.
 */
final class BrowserRequest {

    private BrowserRequest() {
    }

    /** A request header as the client sent it (the first of repeated ones), or null. */
    static String header(Exchange exchange, String name) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            return http.getRequest().getHeader(name);
        }
        return exchange.getIn().getHeader(name, String.class);
    }

    /** Cookie name to value, from the {@code Cookie} header (the first of repeated names). */
    static Map<String, String> cookies(Exchange exchange) {
        Map<String, String> cookies = new LinkedHashMap<>();
        String header = header(exchange, "Cookie");
        if (header != null && !header.isBlank()) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                cookies.putIfAbsent(c.name(), c.value());
            }
        }
        return cookies;
    }

    /** The token of {@code Authorization: Bearer <token>}, or null. */
    static String bearer(Exchange exchange) {
        String header = header(exchange, "Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    /**
     * A parameter of the route's path ({@code {id}}). platform-http puts it first among the
     * message headers of that name; query parameters and form fields of the same name come after.
     */
    static String pathParam(Exchange exchange, String name) {
        Object value = exchange.getIn().getHeader(name);
        if (value instanceof List<?> values) {
            return values.isEmpty() ? null : String.valueOf(values.get(0));
        }
        return value == null ? null : value.toString();
    }

    /** The address the request came from (the peer of the connection, not a forwarded header). */
    static String address(Exchange exchange) {
        Object remote = exchange.getIn() instanceof HttpMessage http && http.getRequest() != null
                ? http.getRequest().remoteAddress() : exchange.getIn().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (remote instanceof SocketAddress a) {
            return a.hostAddress() != null ? a.hostAddress() : a.toString();
        }
        return "unknown";
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body; the last of repeated names wins. */
    static Map<String, String> form(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof Map<?, ?> fields) {
            // platform-http has parsed the form already: name -> value, or a list of values.
            Map<String, String> form = new LinkedHashMap<>();
            fields.forEach((k, v) -> form.put(String.valueOf(k), v instanceof List<?> l
                    ? (l.isEmpty() ? "" : String.valueOf(l.get(l.size() - 1))) : String.valueOf(v)));
            return form;
        }
        String text = exchange.getIn().getBody(String.class);
        return AuditPage.parseQuery(text == null ? "" : text.strip());
    }

    /**
     * Whether a state-changing request may come from a page of this server: refused when the
     * browser says it comes from another site ({@code Sec-Fetch-Site}) or names another origin
     * ({@code Origin}, which browsers send with every cross-site POST). Requests without either
     * header (non-browser clients) pass; they still need the form's CSRF token.
     */
    static boolean sameOrigin(Exchange exchange) {
        String site = header(exchange, "Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return false;
        }
        String origin = header(exchange, "Origin");
        if (origin == null) {
            return true;
        }
        String host = header(exchange, "Host");
        try {
            String authority = URI.create(origin.strip()).getRawAuthority();
            return authority != null && host != null
                    && authority.toLowerCase(Locale.ROOT).equals(host.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
