package io.credence.rules.service.reload;

import io.credence.plugin.registry.ModelPackageException;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ModelEvents;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.rulebase.PolicyProblem;
import io.credence.rules.rulebase.scenario.ScenarioFile;
import io.credence.rules.rulebase.scenario.ScenarioResult;
import io.credence.rules.rulebase.scenario.ScenarioRunner;
import io.credence.rules.service.ModelTrust;
import io.credence.rules.service.ServiceModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new decision state from the service's folders, checks it, and swaps it in only when it
 * passed; otherwise the state serving keeps serving and the {@link ReloadResult} says why. One reload
 * at a time.
 *
 * <pre>{@code
 * Reloader reloader = new Reloader(states, new Reloader.Sources(rulesDir, modelsDir, "auto", 64, ModelTrust.DEFAULT), events, meters);
 * ReloadResult rules = reloader.reloadRules(Reloader.ADMIN);    // compile, run the scenarios, swap
 * ReloadResult models = reloader.reloadModels(Reloader.ADMIN);  // load and validate every package, swap
 * }</pre>
 *
 * <p>Rules: the folder is compiled and checked as {@code credence rules check} does
 * ({@link RuleBase#folder}), then its scenarios are decided with the models serving; a problem or a
 * failed scenario refuses it. Models: the folder is loaded through the service's one load path
 * ({@link ServiceModels#loadReported} with the trust of the start: the signature, the card, the hash, the graph against
 * the card); any refused package, or a model the policy scores that the new folder lacks, refuses the
 * whole new registry, which is closed again.
 */
public final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);
    /** {@code credence_reloads_total{kind, result}}. */
    public static final String METER = "credence.reloads";
    /** The trigger of a reload asked for over HTTP. */
    public static final String ADMIN = "admin";
    /** The trigger of a reload after a change in the models folder. */
    public static final String WATCH = "watch";

    /**
     * Where the service's state comes from.
     *
     * @param rulesDir   the policy folder ({@code serve --rules}); null = the built-in rule base, not reloadable
     * @param modelsDir  the models folder ({@code serve --models}); null = the bundled models, not reloadable
     * @param provider   the execution provider policy models load with
     * @param microBatch the micro-batch size models load with
     * @param trust      which packages may serve (signatures), as at start
     */
    public record Sources(Path rulesDir, Path modelsDir, String provider, int microBatch, ModelTrust trust) {
    }

    private final DecisionStates states;
    private final Sources sources;
    private final ModelEvents events;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private volatile ReloadResult last;

    /**
     * @param events where the sessions of a swapped-in registry report (the service's metrics)
     * @param meters where {@value #METER} is counted; null = nowhere
     */
    public Reloader(DecisionStates states, Sources sources, ModelEvents events, MeterRegistry meters) {
        this.states = states;
        this.sources = sources;
        this.events = events == null ? ModelEvents.NONE : events;
        this.meters = meters;
        if (meters != null) {
            for (String kind : List.of("rules", "models")) {
                for (ReloadResult.Result r : ReloadResult.Result.values()) {
                    counter(kind, r);   // every series exists from the start, at 0
                }
            }
        }
    }

    public Sources sources() {
        return sources;
    }

    public DecisionStates states() {
        return states;
    }

    /** The last reload's result, if there was one. */
    public Optional<ReloadResult> last() {
        return Optional.ofNullable(last);
    }

    /** Compiles the policy folder, runs its scenarios, and swaps the rule base when both pass. */
    public synchronized ReloadResult reloadRules(String trigger) {
        Path dir = sources.rulesDir();
        if (dir == null) {
            return report(result("rules", trigger, ReloadResult.Result.UNAVAILABLE, "there is no policy folder to reload:"
                    + " the service decides with the built-in rule base; start it with serve --rules DIR", List.of(),
                    List.of(), List.of()));
        }
        RuleBase rules;
        try {
            rules = RuleBase.folder(dir);
        } catch (PolicyException e) {
            return report(result("rules", trigger, ReloadResult.Result.REFUSED, "the policy folder " + dir
                    + " has problems; the rule base serving is unchanged", e.problems(), List.of(), List.of()));
        } catch (RuntimeException e) {
            return report(result("rules", trigger, ReloadResult.Result.REFUSED, "the policy folder " + dir
                    + " cannot be read (" + e.getMessage() + "); the rule base serving is unchanged", List.of(), List.of(),
                    List.of()));
        }
        ScenarioFile scenarios = ScenarioFile.of(rules.files());
        if (!scenarios.problems().isEmpty()) {
            return report(result("rules", trigger, ReloadResult.Result.REFUSED, "the scenarios of " + dir
                    + " cannot be read; the rule base serving is unchanged", scenarios.problems(), List.of(), List.of()));
        }
        List<ScenarioResult> failed;
        try (DecisionState.Lease lease = states.acquire()) {
            CreditDecisionEngine candidate = CreditDecisionEngine.of(rules).withModels(lease.engine().models());
            failed = ScenarioRunner.run(candidate, scenarios.scenarios()).stream().filter(r -> !r.passed()).toList();
        }
        if (!failed.isEmpty()) {
            return report(result("rules", trigger, ReloadResult.Result.REFUSED, failed.size() + " of "
                    + scenarios.scenarios().size() + " scenarios of " + dir + " failed; the rule base serving is unchanged",
                    List.of(), failed, List.of()));
        }
        DecisionState now = states.swapRules(rules);
        return report(new ReloadResult("rules", trigger, ReloadResult.Result.SWAPPED, "rule base " + rules
                + " swapped in after " + scenarios.scenarios().size() + " scenarios passed", List.of(), List.of(), List.of(),
                ReloadResult.Serving.of(now), clock.instant()));
    }

    /** Loads and validates every package of the models folder, and swaps the registry when all pass. */
    public synchronized ReloadResult reloadModels(String trigger) {
        Path dir = sources.modelsDir();
        if (dir == null) {
            return report(result("models", trigger, ReloadResult.Result.UNAVAILABLE, "there is no models folder to"
                    + " reload: the service scores with the bundled models; start it with serve --models DIR", List.of(),
                    List.of(), List.of()));
        }
        ServiceModels.Loaded loaded;
        try {
            loaded = ServiceModels.loadReported(dir, sources.provider(), sources.microBatch(), sources.trust());
        } catch (RuntimeException e) {
            return report(result("models", trigger, ReloadResult.Result.REFUSED, "the models folder " + dir
                    + " cannot be loaded (" + e.getMessage() + "); the models serving are unchanged", List.of(), List.of(),
                    List.of()));
        }
        ModelRegistry registry = loaded.registry();
        List<String> refused = loaded.report().refused().stream().map(ModelPackageException::getMessage).toList();
        Set<String> missing = new TreeSet<>(states.current().rules().models());
        missing.removeAll(registry.names());
        ModelRegistry serving = states.current().models();
        if (serving != null) {
            missing.retainAll(serving.names());   // only what the folder served before and no longer does
        }
        if (!refused.isEmpty() || !missing.isEmpty()) {
            registry.close();
            String why = !refused.isEmpty() ? refused.size() + " model package(s) of " + dir + " refused"
                    : "the policy scores with " + missing + ", which " + dir + " no longer holds";
            return report(result("models", trigger, ReloadResult.Result.REFUSED, why
                    + "; the models serving are unchanged", List.of(), List.of(), refused));
        }
        registry.events(events);
        DecisionState now = states.swapModels(registry);
        return report(new ReloadResult("models", trigger, ReloadResult.Result.SWAPPED, "models " + registry.names()
                + " from " + dir + " swapped in", List.of(), List.of(), List.of(), ReloadResult.Serving.of(now),
                clock.instant()));
    }

    private ReloadResult result(String kind, String trigger, ReloadResult.Result result, String message,
                                List<PolicyProblem> problems, List<ScenarioResult> failed, List<String> refused) {
        return new ReloadResult(kind, trigger, result, message, problems, failed, refused,
                ReloadResult.Serving.of(states.current()), clock.instant());
    }

    private ReloadResult report(ReloadResult result) {
        last = result;
        if (meters != null) {
            counter(result.kind(), result.result()).increment();
        }
        if (result.swapped()) {
            LOG.info("{} reload ({}): {}", result.kind(), result.trigger(), result.message());
        } else {
            LOG.warn("{} reload ({}) {}: {}{}{}{}", result.kind(), result.trigger(), result.result().label(), result.message(),
                    result.problems().isEmpty() ? "" : " " + result.problems(),
                    result.failedScenarios().isEmpty() ? "" : " " + result.failedScenarios().stream()
                            .map(r -> r.scenario().where() + " " + r.differences()).toList(),
                    result.refusedModels().isEmpty() ? "" : " " + result.refusedModels());
        }
        return result;
    }

    private Counter counter(String kind, ReloadResult.Result result) {
        return Counter.builder(METER).description("Reloads of the rule base and the models, by kind and result")
                .tag("kind", kind).tag("result", result.label()).register(meters);
    }
}
