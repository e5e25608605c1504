package io.credence.rules.rulebase.impact;

import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.RuleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code credence rules impact} found, as written to {@code impact.json}: which policies,
 * how many applications, the swap matrix (baseline decision -> candidate decision -> count), each
 * policy's rates, the reason codes whose counts changed, the rejected rows and a few example
 * applications per changed cell.
 *
 * <pre>{@code
 * ImpactReport report = ImpactReport.of(baselineRules, candidateRules, "portfolio.csv", tally);
 * Files.writeString(out.resolve("impact.json"), report.json());
 * }</pre>
 *
 * @param baseline      the baseline policy
 * @param candidate     the candidate policy
 * @param input         the portfolio file's name
 * @param applications  rows read, decided and rejected
 * @param matrix        baseline outcome -> candidate outcome -> applications, every cell present
 * @param changed       applications whose decision changed (the cells off the diagonal)
 * @param rates         {@code baseline} and {@code candidate} -> their counts and rates
 * @param reasonCodes   the reason codes whose count changed: applications each policy gave it, by code
 * @param rejectedRows  the first {@value ImpactTally#LISTED_REJECTIONS} rejected rows, by line
 * @param examples      the changed cells, each with its first example applications
 */
public record ImpactReport(Policy baseline, Policy candidate, String input, Applications applications,
                           Map<Outcome, Map<Outcome, Long>> matrix, long changed, Map<String, Rates> rates,
                           List<ReasonCount> reasonCodes, List<RejectedRow> rejectedRows, List<Cell> examples) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ImpactReport {
        reasonCodes = List.copyOf(reasonCodes);
        rejectedRows = List.copyOf(rejectedRows);
        examples = List.copyOf(examples);
    }

    /**
     * A policy's identity.
     *
     * @param coordinates the rule base's name ({@code io.credence:credence-rules:VERSION} or {@code folder:/abs/path [...]})
     * @param drlSha256   the digest over its files
     * @param files       the files it was built from
     */
    public record Policy(String coordinates, String drlSha256, List<String> files) {
        public Policy {
            files = List.copyOf(files);
        }

        public static Policy of(RuleBase rules) {
            return new Policy(rules.version().coordinates(), rules.version().drlSha256(),
                    new ArrayList<>(rules.files().rules().keySet()));
        }
    }

    /** Rows read ({@code decided + rejected}), decided by both policies, and not decided. */
    public record Applications(long read, long decided, long rejected) {
    }

    /** A policy's decisions: counts, and rates over the applications decided (0 when none was). */
    public record Rates(long approved, long referred, long declined, double approvalRate, double referralRate,
                        double declineRate) {
        static Rates of(long approved, long referred, long declined) {
            long n = approved + referred + declined;
            return new Rates(approved, referred, declined, rate(approved, n), rate(referred, n), rate(declined, n));
        }

        private static double rate(long count, long of) {
            return of == 0 ? 0 : (double) count / of;
        }

        public long count(Outcome outcome) {
            return switch (outcome) {
                case APPROVE -> approved;
                case REFER -> referred;
                case DECLINE -> declined;
            };
        }

        public double rate(Outcome outcome) {
            return switch (outcome) {
                case APPROVE -> approvalRate;
                case REFER -> referralRate;
                case DECLINE -> declineRate;
            };
        }
    }

    /** A reason code and how many applications each policy gave it. */
    public record ReasonCount(String code, long baseline, long candidate) {
    }

    /** A changed cell of the matrix and its first example applications. */
    public record Cell(Outcome baseline, Outcome candidate, long count, List<Example> applications) {
        public Cell {
            applications = List.copyOf(applications);
        }
    }

    public static ImpactReport of(RuleBase baseline, RuleBase candidate, String input, ImpactTally tally) {
        Map<Outcome, Map<Outcome, Long>> matrix = new LinkedHashMap<>();
        long[] b = new long[3];
        long[] c = new long[3];
        long changed = 0;
        List<Cell> cells = new ArrayList<>();
        for (Outcome from : Outcome.values()) {
            Map<Outcome, Long> row = new LinkedHashMap<>();
            for (Outcome to : Outcome.values()) {
                long n = tally.count(from, to);
                row.put(to, n);
                b[from.ordinal()] += n;
                c[to.ordinal()] += n;
                if (from != to) {
                    changed += n;
                    if (n > 0) {
                        cells.add(new Cell(from, to, n, tally.examples(from, to)));
                    }
                }
            }
            matrix.put(from, row);
        }
        Map<String, Rates> rates = new LinkedHashMap<>();
        rates.put("baseline", Rates.of(b[0], b[1], b[2]));
        rates.put("candidate", Rates.of(c[0], c[1], c[2]));
        List<ReasonCount> reasons = new ArrayList<>();
        tally.reasonCounts().forEach((code, n) -> {
            if (n[0] != n[1]) {
                reasons.add(new ReasonCount(code, n[0], n[1]));
            }
        });
        return new ImpactReport(Policy.of(baseline), Policy.of(candidate), input,
                new Applications(tally.decided() + tally.rejected(), tally.decided(), tally.rejected()),
                matrix, changed, rates, reasons, tally.rejections(), cells);
    }

    /** The report as indented JSON. */
    public String json() {
        return JSON.writeValueAsString(this) + "\n";
    }
}
