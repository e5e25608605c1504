package io.credence.rules.service.reload;

import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's decision state behind one atomic reference. A decision {@link #acquire() acquires}
 * the current state once and finishes on it; a swap makes a new state current and retires the old
 * one, whose models are closed only when the last decision that started on it is done.
 *
 * <pre>{@code
 * DecisionStates states = DecisionStates.owning(CreditDecisionEngine.of(rules).withModels(registry));
 * try (DecisionState.Lease lease = states.acquire()) {
 *     lease.engine().decide(application);
 * }
 * states.swapRules(RuleBase.folder(dir));        // decisions in flight finish on the old rule base
 * states.swapModels(newRegistry);                // the old registry closes after its last decision
 * }</pre>
 *
 * <p>Each instance is its own: two services in one JVM swap apart.
 */
public final class DecisionStates implements AutoCloseable {

    private final AtomicReference<DecisionState> current;
    private final Clock clock;
    private volatile boolean closed;

    private DecisionStates(CreditDecisionEngine engine, boolean ownsModels, Clock clock) {
        this.clock = clock;
        ModelRegistry registry = Objects.requireNonNull(engine, "engine").models().registry();
        this.current = new AtomicReference<>(new DecisionState(1, engine, new SharedModels(registry, ownsModels),
                clock.instant()));
    }

    /** A state that only ever holds {@code engine} unless swapped; its registry belongs to the caller and is never closed here. */
    public static DecisionStates of(CreditDecisionEngine engine) {
        return new DecisionStates(engine, false, Clock.systemUTC());
    }

    /** As {@link #of}, but the engine's registry (and every one swapped in) is closed once no state uses it. */
    public static DecisionStates owning(CreditDecisionEngine engine) {
        return new DecisionStates(engine, true, Clock.systemUTC());
    }

    /** The state now serving (for reports; a decision uses {@link #acquire()}). */
    public DecisionState current() {
        return current.get();
    }

    /**
     * A lease on the current state for one decision.
     *
     * @throws IllegalStateException when the service is closed
     */
    public DecisionState.Lease acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("the decision service is stopped");
            }
            DecisionState.Lease lease = current.get().tryLease();
            if (lease != null) {
                return lease;
            }
            // That state was retired and released between get() and the lease: the newer one is current.
        }
    }

    /** Swaps in {@code rules}, scoring with the models of the current state; returns the new state. */
    public synchronized DecisionState swapRules(RuleBase rules) {
        DecisionState old = current.get();
        if (!old.sharedModels().acquire()) {
            throw new IllegalStateException("the models of " + old + " are already closed");
        }
        CreditDecisionEngine engine = CreditDecisionEngine.of(rules).withModels(old.engine().models());
        return swap(old, new DecisionState(old.generation() + 1, engine, old.sharedModels(), clock.instant()));
    }

    /** Swaps in {@code registry} (owned from now on) under the current rule base; returns the new state. */
    public synchronized DecisionState swapModels(ModelRegistry registry) {
        DecisionState old = current.get();
        RuleModels models = RuleModels.of(registry).explainingWith(old.engine().models().explanationMethod());
        CreditDecisionEngine engine = old.engine().withModels(models);
        return swap(old, new DecisionState(old.generation() + 1, engine, new SharedModels(registry, true), clock.instant()));
    }

    private DecisionState swap(DecisionState old, DecisionState next) {
        if (closed) {
            next.retire();
            throw new IllegalStateException("the decision service is stopped");
        }
        current.set(next);
        old.retire();
        return next;
    }

    /** Retires the current state: its models close once the decisions in flight are done. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.get().retire();
        }
    }
}
