package io.credence.rules.service.routes;

import java.util.Map;

/**
 * What the REST channel answers.
 *
 * @param status     HTTP status
 * @param json       JSON body
 * @param decisionId the decision (or rejection) it is about, or null
 * @param headers    further response headers (e.g. {@code Retry-After}, {@code Idempotent-Replayed})
 */
public record HttpReply(int status, String json, String decisionId, Map<String, String> headers) {

    public HttpReply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        if (json == null) {
            throw new IllegalArgumentException("a reply has a JSON body");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public HttpReply(int status, String json, String decisionId) {
        this(status, json, decisionId, Map.of());
    }
}
