package io.credence.rules.service.reload;

import io.credence.plugin.registry.ModelRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model registry shared by the decision states that score with it (a rules reload keeps the
 * models): each state holds one reference, and the registry closes when the last state using it is
 * released. A registry that is not owned (given by an embedding caller) is never closed here.
 */
final class SharedModels {

    private final ModelRegistry registry;
    private final boolean owned;
    private final AtomicInteger holders = new AtomicInteger(1);

    /** Held once, by the state it is made for. */
    SharedModels(ModelRegistry registry, boolean owned) {
        this.registry = registry;
        this.owned = owned;
    }

    ModelRegistry registry() {
        return registry;
    }

    /** Another state scores with these models; false when they were already closed. */
    boolean acquire() {
        while (true) {
            int n = holders.get();
            if (n <= 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A state no longer scores with these models; the last one closes the registry. */
    void release() {
        if (holders.decrementAndGet() == 0 && owned && registry != null) {
            registry.close();
        }
    }
}
