package io.credence.rules.service.reload;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One decision state: a rule base, the models its rules score with, and the engine binding them.
 * Reference counted: {@link DecisionStates} holds one reference while the state is current, and
 * every decision holds one ({@link Lease}) from its start to its audit record. When the state is
 * retired and the last lease is closed, its models are released (and closed when no other state
 * scores with them).
 *
 * <pre>{@code
 * try (DecisionState.Lease lease = states.acquire()) {
 *     DecisionResult result = lease.engine().decide(application);   // on this state, whatever is swapped meanwhile
 * }
 * }</pre>
 */
public final class DecisionState {

    private final long generation;
    private final CreditDecisionEngine engine;
    private final SharedModels models;
    private final Instant since;
    private final AtomicInteger references = new AtomicInteger(1);

    DecisionState(long generation, CreditDecisionEngine engine, SharedModels models, Instant since) {
        this.generation = generation;
        this.engine = engine;
        this.models = models;
        this.since = since;
    }

    /** 1 for the state the service started with, one more for each swap. */
    public long generation() {
        return generation;
    }

    public CreditDecisionEngine engine() {
        return engine;
    }

    public RuleBase rules() {
        return engine.rules();
    }

    /** The registry the rules score with; null when the engine has none. */
    public ModelRegistry models() {
        return models.registry();
    }

    SharedModels sharedModels() {
        return models;
    }

    /** When this state began to serve. */
    public Instant since() {
        return since;
    }

    /** True once retired and every decision on it is done: its models are released. */
    public boolean released() {
        return references.get() <= 0;
    }

    /** A lease for one decision; null when the state is already released (the caller takes the newer one). */
    Lease tryLease() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return null;
            }
            if (references.compareAndSet(n, n + 1)) {
                return new Lease(this);
            }
        }
    }

    /** Drops the holder's reference: the state closes when its last lease does. */
    void retire() {
        release();
    }

    private void release() {
        if (references.decrementAndGet() == 0) {
            models.release();
        }
    }

    @Override
    public String toString() {
        return "DecisionState[" + generation + ", " + engine.rules() + ", models " + (models() == null ? "none"
                : models().names()) + "]";
    }

    /** One decision's hold on a state; closing it twice is harmless. */
    public static final class Lease implements AutoCloseable {

        private final DecisionState state;
        private boolean closed;

        private Lease(DecisionState state) {
            this.state = state;
        }

        public DecisionState state() {
            return state;
        }

        public CreditDecisionEngine engine() {
            return state.engine;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                state.release();
            }
        }
    }
}
