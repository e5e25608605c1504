package io.credence.rules.camel;

/** What a {@code credence:} endpoint puts in the message body. */
public enum OutputType {
    /**
     * JSON text: for {@code decide} the body the REST API answers with (the decision rendered from
     * its audit record, or the error body of a rejection); for {@code score} and {@code explain}
     * the documents of docs/camel.md.
     */
    JSON,
    /**
     * The Java value: a {@link io.credence.rules.service.ServiceOutcome} for {@code decide}, a
     * {@link io.credence.plugin.runtime.Score} for {@code score}, an {@link
     * io.credence.plugin.explain.Explanation} for {@code explain}.
     */
    OBJECT
}
