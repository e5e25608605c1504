package io.credence.plugin.explain;

import io.credence.plugin.runtime.ModelSession;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** One {@link Explainer} per model session and method, built on first use. */
public final class Explainers {

    private static final Map<ModelSession, Map<ExplanationMethod, Explainer>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Explainers() {
    }

    public static Explainer of(ModelSession session, ExplanationMethod method) {
        Map<ExplanationMethod, Explainer> byMethod;
        synchronized (CACHE) {
            byMethod = CACHE.computeIfAbsent(session, s -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        return byMethod.computeIfAbsent(method, m -> new Explainer(session, m));
    }
}
