/**
 * The {@code credence:} Camel component: decisions, model scores and explanations as endpoints any
 * route can call, configured once on the component (models folder, rule base, audit store) or
 * given the service's own {@link io.credence.rules.service.DecisionService}.
 *
 * <pre>
 * from("file:inbox").to("credence:decide").to("file:outbox");            // JSON application in, decision JSON out
 * from("direct:score").to("credence:score?model=credit-default");        // probability, version, provider
 * from("direct:why").to("credence:explain?model=credit-default");        // attributions, method, exact, error
 * </pre>
 *
 * <p>Component, endpoint and producers are thin: bodies are read by {@link
 * io.credence.rules.camel.ApplicationBodies} and {@link io.credence.rules.camel.ModelInputs},
 * outcomes written by {@link io.credence.rules.camel.DecisionAnswers} and {@link
 * io.credence.rules.camel.ModelAnswers}, and what the component opens is held by {@link
 * io.credence.rules.camel.CredenceResources}. The service's REST, Kafka and file routes decide
 * through {@code credence:decide} as well (docs/camel.md).
 */
package io.credence.rules.camel;
