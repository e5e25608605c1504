package io.credence.rules.service.routes;

import io.credence.rules.service.DecisionJson;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health/ready} (and its alias {@code GET /health}) and {@code GET /health/live}: 200 UP
 * when every check passed, else 503 DOWN with {@code Retry-After}, the body the checks' JSON detail.
 *
 * <pre>{@code
 * HealthHttp health = new HealthHttp(() -> ServiceHealthChecks.readiness(camel), () -> ServiceHealthChecks.liveness(camel));
 * }</pre>
 *
 * @param readiness computed per request
 * @param liveness  computed per request
 */
public record HealthHttp(Supplier<DecisionHttp.Readiness> readiness, Supplier<DecisionHttp.Readiness> liveness) {

    /** Readiness from {@code readiness}; liveness always UP (the process answers HTTP). */
    public static HealthHttp alwaysLive(Supplier<DecisionHttp.Readiness> readiness) {
        return new HealthHttp(readiness, () -> new DecisionHttp.Readiness(true, Map.of()));
    }

    public HttpReply ready() {
        return reply(readiness.get());
    }

    public HttpReply live() {
        return reply(liveness.get());
    }

    private static HttpReply reply(DecisionHttp.Readiness r) {
        return new HttpReply(r.ready() ? 200 : 503, DecisionJson.text(DecisionJson.health(r.ready() ? "UP" : "DOWN",
                r.details())), null, r.ready() ? Map.of() : Map.of("Retry-After", DecisionHttp.RETRY_AFTER_SECONDS));
    }
}
