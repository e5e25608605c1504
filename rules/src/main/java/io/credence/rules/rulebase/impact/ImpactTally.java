package io.credence.rules.rulebase.impact;

import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts as the decisions stream by: the swap matrix, the reason codes of each policy, the rows
 * rejected, and a few example applications per changed cell (those on the first lines, so the same
 * file always gives the same examples). Not thread-safe: each worker fills its own and {@link
 * #merge}s it into the total under a lock. Holds no decision beyond the examples.
 *
 * <pre>{@code
 * ImpactTally tally = new ImpactTally(5);
 * tally.add(row.line(), baselineResult, candidateResult);
 * total.merge(tally);
 * }</pre>
 */
public final class ImpactTally {

    /** How many rejected rows are listed by line; every one is counted. */
    public static final int LISTED_REJECTIONS = 100;
    private static final Comparator<Example> BY_LINE = Comparator.comparingLong(Example::line);

    private final int examplesPerCell;
    private final long[][] matrix = new long[Outcome.values().length][Outcome.values().length];
    /** code -> {applications the baseline gave it, applications the candidate gave it}. */
    private final Map<String, long[]> reasons = new HashMap<>();
    private final Map<Integer, List<Example>> examples = new HashMap<>();
    private final List<RejectedRow> rejections = new ArrayList<>();
    private long rejected;

    public ImpactTally(int examplesPerCell) {
        if (examplesPerCell < 0) {
            throw new IllegalArgumentException("examples per cell must be 0 or more, was " + examplesPerCell);
        }
        this.examplesPerCell = examplesPerCell;
    }

    /** One application decided by both policies. */
    public void add(long line, DecisionResult baseline, DecisionResult candidate) {
        Outcome b = baseline.outcome();
        Outcome c = candidate.outcome();
        matrix[b.ordinal()][c.ordinal()]++;
        count(baseline, 0);
        count(candidate, 1);
        if (b != c && examplesPerCell > 0) {
            List<Example> cell = examples.computeIfAbsent(cell(b, c), k -> new ArrayList<>());
            if (cell.size() < examplesPerCell || line < cell.get(cell.size() - 1).line()) {
                cell.add(new Example(line, baseline.applicationId(), b, baseline.reasonCodes(), c, candidate.reasonCodes()));
                cell.sort(BY_LINE);
                if (cell.size() > examplesPerCell) {
                    cell.remove(cell.size() - 1);
                }
            }
        }
    }

    private void count(DecisionResult result, int policy) {
        Set<String> codes = result.reasonCodes().size() < 2 ? Set.copyOf(result.reasonCodes()) : new HashSet<>(result.reasonCodes());
        for (String code : codes) {
            reasons.computeIfAbsent(code, k -> new long[2])[policy]++;
        }
    }

    /** A row that was not decided. */
    public void reject(RejectedRow row) {
        rejected++;
        rejections.add(row);
        if (rejections.size() > 2 * LISTED_REJECTIONS) {
            trimRejections();
        }
    }

    /** Adds another tally's counts to this one. */
    public void merge(ImpactTally other) {
        for (int b = 0; b < matrix.length; b++) {
            for (int c = 0; c < matrix.length; c++) {
                matrix[b][c] += other.matrix[b][c];
            }
        }
        other.reasons.forEach((code, n) -> {
            long[] mine = reasons.computeIfAbsent(code, k -> new long[2]);
            mine[0] += n[0];
            mine[1] += n[1];
        });
        other.examples.forEach((cell, list) -> {
            List<Example> mine = examples.computeIfAbsent(cell, k -> new ArrayList<>());
            mine.addAll(list);
            mine.sort(BY_LINE);
            if (mine.size() > examplesPerCell) {
                mine.subList(examplesPerCell, mine.size()).clear();
            }
        });
        rejected += other.rejected;
        rejections.addAll(other.rejections);
        trimRejections();
    }

    private void trimRejections() {
        rejections.sort(null);
        if (rejections.size() > LISTED_REJECTIONS) {
            rejections.subList(LISTED_REJECTIONS, rejections.size()).clear();
        }
    }

    private static int cell(Outcome baseline, Outcome candidate) {
        return baseline.ordinal() * Outcome.values().length + candidate.ordinal();
    }

    /** Applications the baseline decided {@code baseline} and the candidate {@code candidate}. */
    public long count(Outcome baseline, Outcome candidate) {
        return matrix[baseline.ordinal()][candidate.ordinal()];
    }

    /** Applications decided by both policies. */
    public long decided() {
        long n = 0;
        for (long[] row : matrix) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public long rejected() {
        return rejected;
    }

    /** The first {@value #LISTED_REJECTIONS} rejected rows, by line. */
    public List<RejectedRow> rejections() {
        List<RejectedRow> sorted = new ArrayList<>(rejections);
        sorted.sort(null);
        return List.copyOf(sorted.subList(0, Math.min(LISTED_REJECTIONS, sorted.size())));
    }

    /** Code -> {baseline, candidate}: how many applications each policy gave the code, by code. */
    public Map<String, long[]> reasonCounts() {
        Map<String, long[]> copy = new TreeMap<>();
        reasons.forEach((code, n) -> copy.put(code, n.clone()));
        return copy;
    }

    /** The examples of a cell, by line. */
    public List<Example> examples(Outcome baseline, Outcome candidate) {
        return List.copyOf(examples.getOrDefault(cell(baseline, candidate), List.of()));
    }

    public int examplesPerCell() {
        return examplesPerCell;
    }
}
