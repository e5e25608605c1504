/**
 * The container image's health check: {@link io.credence.rules.service.probe.HealthProbe}, a main
 * class that uses the JDK alone, so that {@code java -cp /app/classes ...HealthProbe} runs in an
 * image without {@code curl} and starts in well under a second. It asks the running service's own
 * health endpoint ({@code /health/live}, or {@code /health/ready} with an API key) on loopback.
 * See {@code docs/operations.md#container-image}.
 *
 * <pre>
 * HEALTHCHECK -> HealthProbe -> GET http://127.0.0.1:$CREDENCE_HTTP_PORT/health/live -> exit 0 (200) or 1
 * </pre>
 */
package io.credence.rules.service.probe;
