package io.credence.rules.drift;

import io.credence.rules.decision.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Approvals, referrals and declines per minute over the last {@value #MINUTES} minutes, in memory
 * (this service instance's decisions since it started; the audit log has them all).
 *
 * <pre>{@code
 * OutcomeRates rates = new OutcomeRates();
 * rates.record(Outcome.APPROVE, clock.instant());
 * List<OutcomeRates.Minute> minutes = rates.minutes(clock.instant());
 * }</pre>
 */
public final class OutcomeRates {

    /** Minutes kept. */
    public static final int MINUTES = 60;

    private final long[] minuteOf = new long[MINUTES];
    private final long[][] counts = new long[MINUTES][Outcome.values().length];

    /**
     * One minute's counts.
     *
     * @param start   the minute's first instant
     * @param approve approvals
     * @param refer   referrals
     * @param decline declines
     */
    public record Minute(Instant start, long approve, long refer, long decline) {

        public long total() {
            return approve + refer + decline;
        }
    }

    public OutcomeRates() {
        java.util.Arrays.fill(minuteOf, Long.MIN_VALUE);
    }

    /** Counts one decision made at {@code at}. */
    public synchronized void record(Outcome outcome, Instant at) {
        long minute = Math.floorDiv(at.getEpochSecond(), 60);
        int slot = (int) Math.floorMod(minute, MINUTES);
        if (minuteOf[slot] != minute) {
            minuteOf[slot] = minute;
            java.util.Arrays.fill(counts[slot], 0);
        }
        counts[slot][outcome.ordinal()]++;
    }

    /** The minutes of the last hour before {@code now} that had decisions, oldest first. */
    public synchronized List<Minute> minutes(Instant now) {
        long current = Math.floorDiv(now.getEpochSecond(), 60);
        List<Minute> out = new ArrayList<>();
        for (long m = current - MINUTES + 1; m <= current; m++) {
            int slot = (int) Math.floorMod(m, MINUTES);
            if (minuteOf[slot] == m) {
                long[] c = counts[slot];
                out.add(new Minute(Instant.ofEpochSecond(m * 60), c[Outcome.APPROVE.ordinal()],
                        c[Outcome.REFER.ordinal()], c[Outcome.DECLINE.ordinal()]));
            }
        }
        return out;
    }
}
