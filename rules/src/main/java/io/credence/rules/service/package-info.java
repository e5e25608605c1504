/**
 * The decision service: one {@link io.credence.rules.service.DecisionService} every channel (REST,
 * file batch, Kafka) calls. It validates the input, runs the policy, writes exactly one audit
 * record and only then lets the decision out.
 *
 * <pre>
 * application JSON -> route (routes) -> DecisionService -> input (schema) -> CreditDecisionEngine -> AuditLog -> reply
 * </pre>
 */
package io.credence.rules.service;
