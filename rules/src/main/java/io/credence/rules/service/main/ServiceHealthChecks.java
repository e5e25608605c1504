package io.credence.rules.service.main;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.routes.DecisionHttp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's readiness checks in Camel's health-check registry, next to Camel's own (the context,
 * its routes and consumers): {@value #MODELS} (the models are loaded; which, on which execution
 * provider, how each one's signature admitted it, and the packages refused), {@value #RULE_BASE} (the rule base is compiled; its coordinates) and {@value #AUDIT_STORE}
 * (the audit store can make a record durable within its bound, {@link AuditLog#health()}). None of
 * them is a liveness check: a store that is down makes the service unready, not dead. Each check is
 * as bounded as what it asks: the audit store's probe waits at most the store's own timeouts.
 *
 * <pre>{@code
 * ServiceHealthChecks.register(camel, models, engine, audit);
 * DecisionHttp.Readiness ready = ServiceHealthChecks.readiness(camel);   // GET /health/ready
 * }</pre>
 */
public final class ServiceHealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHealthChecks.class);

    /** The group of the service's checks in the registry. */
    public static final String GROUP = "credence";
    public static final String MODELS = "credence-models";
    public static final String RULE_BASE = "credence-rule-base";
    public static final String AUDIT_STORE = "credence-audit-store";

    private ServiceHealthChecks() {
    }

    /**
     * Registers the three readiness checks with {@code camel}'s health-check registry, switching the
     * registry on when {@code camel.health.enabled=false} switched it off (without it the readiness
     * probe could not see the audit store).
     */
    public static void register(CamelContext camel, ModelRegistry models, CreditDecisionEngine engine, AuditLog audit) {
        register(camel, () -> models, () -> engine, audit, Map::of);
    }

    /**
     * As {@link #register(CamelContext, ModelRegistry, CreditDecisionEngine, AuditLog)}, asking for the models
     * and engine serving at each check (they may be reloaded); {@code reloads} gives more details of the
     * rule-base check (the state's generation, the last reload).
     */
    public static void register(CamelContext camel, java.util.function.Supplier<ModelRegistry> models,
                                java.util.function.Supplier<CreditDecisionEngine> engine, AuditLog audit,
                                java.util.function.Supplier<Map<String, Object>> reloads) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            throw new IllegalStateException("Camel has no health-check registry: camel-health must be on the class path");
        }
        if (!registry.isEnabled()) {
            LOG.warn("camel.health.enabled=false is not honoured: /health/ready needs the registry for the audit store check");
            registry.setEnabled(true);
        }
        for (HealthCheck check : checks(models, engine, audit, reloads)) {
            if (check instanceof AbstractHealthCheck aware) {
                aware.setCamelContext(camel);
            }
            registry.register(check);
        }
    }

    /** The three checks, not registered. */
    public static List<HealthCheck> checks(ModelRegistry models, CreditDecisionEngine engine, AuditLog audit) {
        return checks(() -> models, () -> engine, audit, Map::of);
    }

    /** The three checks, not registered, asking for the models and engine serving at each check. */
    public static List<HealthCheck> checks(java.util.function.Supplier<ModelRegistry> models,
                                           java.util.function.Supplier<CreditDecisionEngine> engine, AuditLog audit,
                                           java.util.function.Supplier<Map<String, Object>> reloads) {
        return List.of(new Readiness(MODELS, builder -> {
            ModelRegistry serving = models.get();
            builder.detail("models", loadedModels(serving));
            builder.detail("modelSignatures", io.credence.rules.service.ServiceModels.signatures(serving));
            if (!serving.refusals().isEmpty()) {
                builder.detail("refusedModels", serving.refusals());
            }
            String warning = missingModelsWarning(serving, engine.get());
            if (warning != null) {
                builder.detail("warning", warning);
            }
            builder.up();
        }), new Readiness(RULE_BASE, builder -> {
            builder.detail("ruleBase", engine.get().ruleBase().coordinates());
            builder.detail("ruleBaseSha256", engine.get().ruleBase().drlSha256());
            reloads.get().forEach(builder::detail);
            builder.up();
        }),
                new Readiness(AUDIT_STORE, builder -> {
                    AuditHealth store = audit.health();
                    builder.detail("auditStore", Map.of("status", store.up() ? "UP" : "DOWN", "detail", store.detail()));
                    builder.message(store.detail());
                    builder.state(store.up() ? HealthCheck.State.UP : HealthCheck.State.DOWN);
                }));
    }

    /** Each loaded model version ({@code name@version}) and the execution provider it scores on. */
    public static Map<String, String> loadedModels(ModelRegistry models) {
        Map<String, String> loaded = new LinkedHashMap<>();
        for (ModelCard card : models.cards()) {
            loaded.put(card.id(), models.version(card.name(), card.version()).provider().label());
        }
        return loaded;
    }

    /** What health reports when the policy scores with models no loaded one serves; null when all are served. */
    public static String missingModelsWarning(ModelRegistry models, CreditDecisionEngine engine) {
        List<String> missing = engine.rules().models().stream().filter(m -> !models.names().contains(m)).sorted().toList();
        return missing.isEmpty() ? null
                : "the policy scores with " + missing + ", which no loaded model serves: every application is referred";
    }

    /** {@code GET /health/ready}: every readiness check of the registry, Camel's and the service's. */
    public static DecisionHttp.Readiness readiness(CamelContext camel) {
        return summary(HealthCheckHelper.invokeReadiness(camel));
    }

    /** {@code GET /health/live}: every liveness check of the registry (Camel's context check). */
    public static DecisionHttp.Readiness liveness(CamelContext camel) {
        return summary(HealthCheckHelper.invokeLiveness(camel));
    }

    /**
     * UP when every result is UP. The details: {@code checks}, each check's name, state, message and
     * details; and, for the service's checks, their details also at the top level ({@code models},
     * {@code ruleBase}, {@code auditStore}) as {@code /health} has always answered them.
     */
    static DecisionHttp.Readiness summary(Collection<HealthCheck.Result> results) {
        boolean up = !results.isEmpty();
        Map<String, Object> details = new LinkedHashMap<>();
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result result : results) {
            up &= result.getState() == HealthCheck.State.UP;
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", result.getCheck().getId());
            check.put("state", result.getState().name());
            result.getMessage().ifPresent(m -> check.put("message", m));
            Map<String, Object> own = new LinkedHashMap<>();
            result.getDetails().forEach((k, v) -> {
                if (!HealthCheckHelper.isReservedKey(k) && v != null) {
                    own.put(k, v instanceof Map || v instanceof Number || v instanceof Boolean ? v : v.toString());
                }
            });
            if (!own.isEmpty()) {
                check.put("details", own);
            }
            checks.add(check);
            if (GROUP.equals(result.getCheck().getGroup())) {
                details.putAll(own);
            }
        }
        details.put("checks", checks);
        return new DecisionHttp.Readiness(up, details);
    }

    /** A readiness check whose work is a lambda. */
    private static final class Readiness extends AbstractHealthCheck {

        private final java.util.function.Consumer<HealthCheckResultBuilder> work;

        Readiness(String id, java.util.function.Consumer<HealthCheckResultBuilder> work) {
            super(GROUP, id);
            this.work = work;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try {
                work.accept(builder);
            } catch (RuntimeException e) {
                // A closed registry or engine: not ready, with why (never a stack trace on /health).
                builder.down().message(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
