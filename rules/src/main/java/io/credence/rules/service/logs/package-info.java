/**
 * The service's logs: human-readable lines by default, JSON lines with {@code credence.log.format=json}
 * (logback), and the ids of the decision being worked on in every line: while it is decided
 * ({@link io.credence.rules.service.logs.DecisionLogContext}) and, on the exchange that asked for it,
 * after it returned ({@link io.credence.rules.service.logs.DecisionUnitOfWork}).
 */
package io.credence.rules.service.logs;
