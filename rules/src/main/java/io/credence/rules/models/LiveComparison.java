package io.credence.rules.models;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.InvalidApplicationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Champion vs challenger vs shadow, from the audit log: for one model, every version's score
 * distribution, the decision each version's score would have made (the application re-decided by
 * the policy with that score given, no model run), and the agreement of every two versions on the
 * applications both scored.
 *
 * <pre>{@code
 * LiveComparison c = new LiveComparison("credit-default", CreditDecisionEngine.of(RuleBase.builtIn()), reader);
 * store.forEachRecord(r -> c.add(r.entry()));
 * LiveComparison.Report report = c.report();
 * }</pre>
 *
 * <p>An application whose input was erased counts in the distributions but cannot be re-decided.
 * Not thread-safe.
 */
public final class LiveComparison {

    /** Histogram bins of the score: [0, 0.1), [0.1, 0.2), ... [0.9, 1]. */
    public static final int BINS = 10;

    private final String model;
    private final CreditDecisionEngine policy;
    private final ApplicationReader reader;
    private final Map<String, Tally> versions = new TreeMap<>();
    private final Map<String, Pair> pairs = new TreeMap<>();
    private long records;
    private long withModel;
    private long notRedecided;

    /**
     * @param policy the policy that re-decides with each version's score (its models are not used:
     *               every score is given)
     */
    public LiveComparison(String model, CreditDecisionEngine policy, ApplicationReader reader) {
        this.model = Objects.requireNonNull(model, "model");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Counts one audit record (other models, rejections and erasures count only as records). */
    public void add(AuditEntry e) {
        records++;
        if (e.status() != AuditEntry.Status.DECIDED) {
            return;
        }
        List<ScoreSummary> scores = e.scores().stream().filter(s -> model.equals(s.model()) && s.version() != null).toList();
        if (scores.isEmpty()) {
            return;
        }
        withModel++;
        LoanApplication application = application(e.rawInput());
        if (application == null) {
            notRedecided++;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Outcome> would = new LinkedHashMap<>();
        for (ScoreSummary s : scores) {
            Tally t = versions.computeIfAbsent(s.version(), Tally::new);
            t.roles.add(s.role() == null ? "unrouted" : s.role());
            if (s.value() == null) {
                t.failed++;
                continue;
            }
            t.values.add(s.value());
            values.put(s.version(), s.value());
            if (!s.shadow()) {
                t.decided.merge(Outcome.valueOf(e.outcome()), 1L, Long::sum);
            }
            if (application != null) {
                Outcome o = policy.decide(application, List.of(ModelScore.precomputed(application, model, s.version(),
                        "recorded", s.value()))).outcome();
                t.wouldHave.merge(o, 1L, Long::sum);
                would.put(s.version(), o);
                if (!s.shadow() && o.name().equals(e.outcome())) {
                    t.reproduced++;
                }
            }
        }
        List<String> scored = values.keySet().stream().sorted().toList();
        for (int i = 0; i < scored.size(); i++) {
            for (int j = i + 1; j < scored.size(); j++) {
                String a = scored.get(i);
                String b = scored.get(j);
                Pair p = pairs.computeIfAbsent(a + " vs " + b, k -> new Pair(a, b));
                p.both++;
                p.absoluteDifference += Math.abs(values.get(a) - values.get(b));
                if (would.containsKey(a) && would.containsKey(b)) {
                    p.redecided++;
                    if (would.get(a) == would.get(b)) {
                        p.agreed++;
                    }
                }
            }
        }
    }

    private LoanApplication application(String rawInput) {
        if (rawInput == null) {
            return null;
        }
        try {
            return reader.read(rawInput);
        } catch (InvalidApplicationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** What was counted so far. */
    public Report report() {
        List<VersionReport> out = new ArrayList<>();
        versions.values().forEach(t -> out.add(t.report()));
        List<Agreement> agreements = new ArrayList<>();
        pairs.values().forEach(p -> agreements.add(new Agreement(p.a, p.b, p.both, p.redecided,
                p.redecided == 0 ? Double.NaN : p.agreed / (double) p.redecided,
                p.both == 0 ? Double.NaN : p.absoluteDifference / p.both)));
        return new Report(model, records, withModel, notRedecided, out, agreements);
    }

    /**
     * The comparison.
     *
     * @param records      audit records read
     * @param withModel    decided applications the model scored (in any version)
     * @param notRedecided of those, applications whose input was erased or unreadable: in the distributions only
     */
    public record Report(String model, long records, long withModel, long notRedecided, List<VersionReport> versions,
                         List<Agreement> agreements) {
        public Report {
            versions = List.copyOf(versions);
            agreements = List.copyOf(agreements);
        }
    }

    /**
     * One version.
     *
     * @param roles      the roles it played: champion, challenger, shadow (unrouted: decided without a routing)
     * @param scored     applications it scored
     * @param failed     applications it could not score
     * @param quantiles  the score's 10th, 50th and 90th percentile, and its mean (NaN when none)
     * @param histogram  scores per bin of {@value #BINS}
     * @param decided    the recorded decisions it made (champion or challenger); empty for a shadow
     * @param wouldHave  the decisions its score makes when the application is re-decided with it
     * @param reproduced of the recorded decisions, how many the re-decision reproduced
     */
    public record VersionReport(String version, List<String> roles, long scored, long failed, double p10, double p50,
                                double p90, double mean, long[] histogram, Map<Outcome, Long> decided,
                                Map<Outcome, Long> wouldHave, long reproduced) {
    }

    /**
     * Two versions on the applications both scored.
     *
     * @param both             applications both scored
     * @param redecided        of those, re-decided with each score
     * @param decisionAgreement share of the re-decided where both scores give the same decision (NaN when none)
     * @param meanAbsoluteDifference mean |score a - score b|
     */
    public record Agreement(String a, String b, long both, long redecided, double decisionAgreement,
                            double meanAbsoluteDifference) {
    }

    private static final class Tally {
        final String version;
        final TreeSet<String> roles = new TreeSet<>();
        final DoubleList values = new DoubleList();
        final Map<Outcome, Long> decided = new EnumMap<>(Outcome.class);
        final Map<Outcome, Long> wouldHave = new EnumMap<>(Outcome.class);
        long failed;
        long reproduced;

        Tally(String version) {
            this.version = version;
        }

        VersionReport report() {
            double[] v = values.sorted();
            long[] histogram = new long[BINS];
            double sum = 0;
            for (double x : v) {
                histogram[Math.min(BINS - 1, (int) Math.floor(x * BINS))]++;
                sum += x;
            }
            return new VersionReport(version, List.copyOf(roles), v.length, failed, quantile(v, 0.10), quantile(v, 0.50),
                    quantile(v, 0.90), v.length == 0 ? Double.NaN : sum / v.length, histogram, Map.copyOf(decided),
                    Map.copyOf(wouldHave), reproduced);
        }
    }

    /** The nearest-rank quantile of sorted values; NaN for none. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static final class Pair {
        final String a;
        final String b;
        long both;
        long redecided;
        long agreed;
        double absoluteDifference;

        Pair(String a, String b) {
            this.a = a;
            this.b = b;
        }
    }

    private static final class DoubleList {
        double[] values = new double[64];
        int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] sorted() {
            double[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
