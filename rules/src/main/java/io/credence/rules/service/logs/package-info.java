/**
 * The service's logs: human-readable lines by default, JSON lines with {@code credence.log.format=json}
 * (logback), and the ids of the decision being worked on in every line ({@link DecisionLogContext}).
 */
package io.credence.rules.service.logs;
