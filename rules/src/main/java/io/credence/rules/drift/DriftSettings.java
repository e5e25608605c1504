package io.credence.rules.drift;

import java.time.Duration;

/**
 * How the drift monitor watches ({@code credence.drift.*}).
 *
 * <pre>{@code
 * DriftSettings settings = new DriftSettings(1_000, Duration.ofMinutes(60), 0.25, 100, 50);
 * }</pre>
 *
 * @param window          {@code credence.drift.window}: the last this many scored applications per model version
 * @param maxAge          {@code credence.drift.max-age}: and none older than this (null: by count only)
 * @param warnAbove       {@code credence.drift.warn-above}: a PSI above this logs one WARN line per crossing
 * @param minApplications {@code credence.drift.min-applications}: fewer applications in the window give no PSI (NaN)
 * @param checkEvery      {@code credence.drift.check-every}: the crossings are looked for after every this many applications
 */
public record DriftSettings(int window, Duration maxAge, double warnAbove, int minApplications, int checkEvery) {

    /** 1,000 applications, no age limit, warn above 0.25, PSI from 100 applications, checked every 50. */
    public static final DriftSettings DEFAULT = new DriftSettings(1_000, null, 0.25, 100, 50);

    public DriftSettings {
        if (window < 1) {
            throw new IllegalArgumentException("credence.drift.window must be at least 1, was " + window);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("credence.drift.max-age must be positive (or empty for none), was " + maxAge);
        }
        if (!(warnAbove > 0) || Double.isInfinite(warnAbove)) {
            throw new IllegalArgumentException("credence.drift.warn-above must be a positive number, was " + warnAbove);
        }
        if (minApplications < 1 || minApplications > window) {
            throw new IllegalArgumentException("credence.drift.min-applications must be between 1 and the window ("
                    + window + "), was " + minApplications);
        }
        if (checkEvery < 1) {
            throw new IllegalArgumentException("credence.drift.check-every must be at least 1, was " + checkEvery);
        }
    }
}
