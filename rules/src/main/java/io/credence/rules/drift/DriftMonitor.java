package io.credence.rules.drift;

import io.credence.plugin.card.ModelCard;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.ScoreSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The drift monitor of one service instance (no static state: two services in one JVM watch apart).
 * Each decided application is {@link #observe observed} on the deciding thread: its outcome is
 * counted per minute, and each score is added to the window of its model version, when that
 * version's card has training distributions ({@code credence-training profile} adds them).
 *
 * <pre>{@code
 * DriftMonitor drift = new DriftMonitor((name, version) -> registry.version(name, version).card(),
 *         DriftSettings.DEFAULT, Clock.systemUTC());
 * registry.cards().forEach(drift::track);
 * drift.observe(decisionResult);
 * MonitorSnapshot now = drift.snapshot();
 * }</pre>
 */
public final class DriftMonitor {

    private final BiFunction<String, String, ModelCard> cards;
    private final DriftSettings settings;
    private final Clock clock;
    private final Map<String, Optional<VersionDrift>> versions = new ConcurrentHashMap<>();
    private final List<Consumer<VersionDrift>> listeners = new CopyOnWriteArrayList<>();
    private final OutcomeRates rates = new OutcomeRates();

    /**
     * @param cards the card of a model version, or null (or an exception) when it is not loaded
     */
    public DriftMonitor(BiFunction<String, String, ModelCard> cards, DriftSettings settings, Clock clock) {
        if (cards == null || settings == null || clock == null) {
            throw new IllegalArgumentException("a drift monitor needs a card lookup, settings and a clock");
        }
        this.cards = cards;
        this.settings = settings;
        this.clock = clock;
    }

    public DriftSettings settings() {
        return settings;
    }

    /** Calls {@code listener} with every version monitored from now on, and with those already monitored. */
    public synchronized void onTracking(Consumer<VersionDrift> listener) {
        listeners.add(listener);
        versions.values().forEach(v -> v.ifPresent(listener));
    }

    /** Starts watching {@code card}'s version (nothing when its card has no training distributions). */
    public Optional<VersionDrift> track(ModelCard card) {
        return versions.computeIfAbsent(card.id(), id -> start(card));
    }

    /** Counts one decided application. */
    public void observe(DecisionResult result) {
        observe(result.outcome(), result.scores());
    }

    /** Counts one application decided {@code outcome} with {@code scores}. */
    public void observe(Outcome outcome, List<ScoreSummary> scores) {
        rates.record(outcome, clock.instant());
        for (ScoreSummary score : scores) {
            if (score.value() != null && score.version() != null) {
                tracker(score.model(), score.version()).ifPresent(v -> v.observe(score));
            }
        }
    }

    /** The version's monitor, when it has training distributions. */
    public Optional<VersionDrift> tracker(String model, String version) {
        Optional<VersionDrift> known = versions.get(model + "@" + version);
        if (known != null) {
            return known;
        }
        ModelCard card;
        try {
            card = cards.apply(model, version);
        } catch (RuntimeException e) {
            card = null;
        }
        if (card == null) {
            return Optional.empty();
        }
        return track(card);
    }

    /** Everything the monitoring page shows, now. */
    public MonitorSnapshot snapshot() {
        List<VersionSnapshot> tracked = new ArrayList<>();
        List<String> untracked = new ArrayList<>();
        versions.forEach((id, v) -> {
            if (v.isPresent()) {
                tracked.add(v.get().snapshot());
            } else {
                untracked.add(id);
            }
        });
        tracked.sort(Comparator.comparing(VersionSnapshot::id));
        untracked.sort(Comparator.naturalOrder());
        return new MonitorSnapshot(clock.instant(), settings, tracked, rates.minutes(clock.instant()), untracked);
    }

    private Optional<VersionDrift> start(ModelCard card) {
        if (card.distributions() == null) {
            return Optional.empty();
        }
        VersionDrift drift = new VersionDrift(card, settings, clock);
        synchronized (this) {
            listeners.forEach(l -> l.accept(drift));
        }
        return Optional.of(drift);
    }
}
