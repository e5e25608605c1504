package io.credence.rules.service.routes;

/**
 * What the REST channel answers.
 *
 * @param status     HTTP status
 * @param json       JSON body
 * @param decisionId the decision (or rejection) it is about, or null
 */
public record HttpReply(int status, String json, String decisionId) {

    public HttpReply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        if (json == null) {
            throw new IllegalArgumentException("a reply has a JSON body");
        }
    }
}
