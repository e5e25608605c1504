/**
 * The decision service: one {@link io.credence.rules.service.DecisionService} every channel (REST,
 * file batch, Kafka) calls. It validates the input, runs the policy, writes exactly one audit
 * record and only then lets the decision out.
 *
 * <pre>
 * application JSON -> route (routes) -> DecisionService -> input (schema) -> CreditDecisionEngine -> AuditLog -> reply
 * </pre>
 *
 * <p>Before anything starts, {@link io.credence.rules.service.NetworkExposure} decides whether the
 * service may listen where it is asked to (loopback only without authentication), and secrets are
 * read from the environment or files ({@link io.credence.rules.service.SecretSetting}); HTTPS is
 * in {@code tls}.
 */
package io.credence.rules.service;
