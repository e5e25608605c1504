package io.credence.rules.service.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.service.ServiceFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference counting behind a swap: old models close only after the last decision on them. */
class DecisionStatesTest {

    @TempDir
    Path dir;

    private ModelRegistry registry(String name) {
        return ServiceFixture.serveCreditDefault(dir.resolve(name));
    }

    @Test
    void aDecisionInFlightKeepsTheOldModelsOpenUntilItEnds() {
        ModelRegistry first = registry("first");
        ModelRegistry second = registry("second");
        DecisionStates states = DecisionStates.owning(ServiceFixture.ENGINE.withModels(first));
        DecisionState.Lease inFlight = states.acquire();
        DecisionState swapped = states.swapModels(second);

        assertSame(swapped, states.current());
        assertSame(first, inFlight.engine().models().registry(), "the decision finishes on the state it started with");
        assertEquals(List.of("credit-default"), first.names(), "still open while the decision runs");
        inFlight.close();
        assertTrue(inFlight.state().released());
        assertEquals(List.of(), first.names(), "closed once no decision uses it");
        assertEquals(List.of("credit-default"), second.names());
        states.close();
        assertEquals(List.of(), second.names());
    }

    @Test
    void aRulesSwapKeepsTheModelsOpenForTheNewRuleBase() {
        ModelRegistry models = registry("models");
        DecisionStates states = DecisionStates.owning(ServiceFixture.ENGINE.withModels(models));
        DecisionState old = states.current();
        DecisionState next = states.swapRules(RuleBase.builtIn());

        assertTrue(old.released(), "no decision was on the old state");
        assertSame(models, next.models());
        assertEquals(List.of("credit-default"), models.names(), "the new rule base scores with the same models");
        assertEquals(old.generation() + 1, next.generation());
        try (DecisionState.Lease lease = states.acquire()) {
            assertSame(next, lease.state());
        }
        states.close();
        assertEquals(List.of(), models.names());
        assertThrows(IllegalStateException.class, states::acquire);
    }

    @Test
    void aRegistryTheCallerOwnsIsNeverClosedHere() {
        ModelRegistry models = registry("given");
        DecisionStates states = DecisionStates.of(CreditDecisionEngine.fromClasspath().withModels(models));
        states.close();
        assertFalse(models.names().isEmpty());
        models.close();
    }
}
