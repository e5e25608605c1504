/**
 * The service on camel-main: where its settings come from and in which order
 * ({@link io.credence.rules.service.main.ConfigurationLayers}), the Camel {@code camel-main} that runs
 * the routes ({@link io.credence.rules.service.main.ServiceMain}), the readiness and liveness checks
 * registered with Camel's health-check API ({@link io.credence.rules.service.main.ServiceHealthChecks}),
 * and the integrator's own routes ({@link io.credence.rules.service.main.RoutesPattern}). See
 * {@code docs/operations.md}.
 */
package io.credence.rules.service.main;
