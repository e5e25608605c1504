/**
 * The decision service's metrics: one Micrometer registry per service instance
 * ({@link io.credence.rules.service.metrics.ServiceMetrics}), fed by the plain event callbacks of the
 * decision service, the model registry and the audit log, scraped by Prometheus at {@code GET /metrics}
 * ({@link io.credence.rules.service.metrics.MetricsRoutes}). Every name starts with {@code credence_};
 * no tag holds personal data or a value of the input. See {@code docs/operations.md#metrics}.
 */
package io.credence.rules.service.metrics;
