package io.credence.rules.service.routes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A reply of any media type (an {@link HttpReply} is always JSON): the adverse action notice
 * answers HTML or PDF.
 *
 * @param status      HTTP status
 * @param contentType the {@code Content-Type}
 * @param body        the bytes
 * @param decisionId  the decision it is about, or null
 * @param headers     further response headers
 */
public record HttpBody(int status, String contentType, byte[] body, String decisionId, Map<String, String> headers) {

    public HttpBody {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        if (contentType == null || contentType.isBlank() || body == null) {
            throw new IllegalArgumentException("a reply has a content type and a body");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A JSON reply as bytes, with {@code more} headers added to its own. */
    static HttpBody of(HttpReply reply, Map<String, String> more) {
        Map<String, String> headers = new java.util.HashMap<>(reply.headers());
        headers.putAll(more);
        return new HttpBody(reply.status(), "application/json; charset=utf-8", reply.json().getBytes(StandardCharsets.UTF_8),
                reply.decisionId(), headers);
    }
}
