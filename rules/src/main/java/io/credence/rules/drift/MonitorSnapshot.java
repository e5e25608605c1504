package io.credence.rules.drift;

import java.time.Instant;
import java.util.List;

/**
 * What the monitoring page shows: every monitored model version, and the outcomes per minute.
 *
 * @param at       when it was taken
 * @param settings the monitor's settings
 * @param versions the model versions with training distributions, by id
 * @param minutes  approvals, referrals and declines per minute, oldest first
 * @param untracked model versions that decided but whose card has no training distributions
 */
public record MonitorSnapshot(Instant at, DriftSettings settings, List<VersionSnapshot> versions,
                              List<OutcomeRates.Minute> minutes, List<String> untracked) {

    public MonitorSnapshot {
        versions = List.copyOf(versions);
        minutes = List.copyOf(minutes);
        untracked = List.copyOf(untracked);
    }
}
