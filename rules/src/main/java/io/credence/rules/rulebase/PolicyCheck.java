package io.credence.rules.rulebase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;

/**
 * {@code credence rules check}: compiles a policy and looks for what would make it decide wrongly,
 * each problem with the file and line to edit.
 *
 * <ul>
 *   <li>every DRL file and decision table compiles;</li>
 *   <li>every rule and band that declines, refers or approves gives a reason code that {@value
 *       PolicyFiles#REASON_CODES} lists, and that file reads well;</li>
 *   <li>every model a rule scores, and every model a band is on, is loaded;</li>
 *   <li>every band names defined limits, one lower and one upper, and one verdict; the bands on one
 *       measure neither overlap nor leave a gap between them, and the bands on a model score cover
 *       every probability.</li>
 * </ul>
 *
 * <pre>{@code
 * PolicyCheck.Result result = PolicyCheck.run(PolicyFiles.folder(dir), registry.names());
 * result.problems().forEach(System.out::println);   // cut-offs.drl.csv line 21: ...
 * }</pre>
 */
public final class PolicyCheck {

    /** {@code $decision.decline("CODE"}, {@code refer}, {@code approve}. */
    private static final Pattern GIVES = Pattern.compile("\\.(decline|refer|approve)\\(\\s*\"([^\"]*)\"");
    /** {@code models.score( "name"}. */
    private static final Pattern SCORES = Pattern.compile("\\b" + "models" + "\\s*\\.\\s*score\\s*\\(\\s*\"([^\"]+)\"");
    /** The placeholders a band fills. */
    static final Set<String> BAND_PLACEHOLDERS = Set.of("value", "lower", "upper", "model");

    private PolicyCheck() {
    }

    /**
     * What a check found.
     *
     * @param kieBase  the compiled rules, or null when they do not compile
     * @param problems every problem, by file and line; empty when the policy is clean
     */
    public record Result(KieBase kieBase, List<PolicyProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean clean() {
            return problems.isEmpty();
        }
    }

    /** Where a rule scores a model or gives a reason code. */
    public record Use(String name, String file, int line) {
    }

    /**
     * Checks everything.
     *
     * @param loadedModels the models that will be loaded beside the policy; null leaves that check out
     */
    public static Result run(PolicyFiles files, Collection<String> loadedModels) {
        List<PolicyProblem> problems = new ArrayList<>();
        KieBase kieBase = null;
        try {
            kieBase = PolicyCompiler.compile(files);
        } catch (PolicyException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(lint(files, loadedModels));
        return new Result(problems.isEmpty() ? kieBase : null, problems.stream().distinct().sorted().toList());
    }

    /** Everything but compiling: reason codes, models, bands (what {@link #run} adds to the compile problems). */
    public static List<PolicyProblem> lint(PolicyFiles files, Collection<String> loadedModels) {
        List<PolicyProblem> problems = new ArrayList<>();
        ReasonCodesFile reasons = reasonCodes(files);
        problems.addAll(reasons.problems());
        List<DecisionTableFile> tables = tables(files);
        for (DecisionTableFile table : tables) {
            problems.addAll(table.problems());
            problems.addAll(bands(table, limitsOf(tables)));
        }
        for (Use use : codesGiven(files, tables)) {
            if (reasons.problems().isEmpty() && !reasons.texts().has(use.name())) {
                problems.add(new PolicyProblem(use.file(), use.line(), "the reason code " + use.name() + " is not in "
                        + PolicyFiles.REASON_CODES + "; add the row ,," + use.name() + ",<the text a customer reads>"));
            }
        }
        problems.addAll(bandTexts(tables, reasons));
        if (loadedModels != null) {
            for (Use use : modelsScored(files, tables)) {
                if (!loadedModels.contains(use.name())) {
                    problems.add(new PolicyProblem(use.file(), use.line(), "the model '" + use.name()
                            + "' is not loaded (loaded: " + new TreeSet<>(loadedModels) + "); give --models DIR with a "
                            + use.name() + "/<version>/ package, or correct the name"));
                }
            }
        }
        return problems.stream().distinct().sorted().toList();
    }

    static ReasonCodesFile reasonCodes(PolicyFiles files) {
        String csv = files.rules().get(PolicyFiles.REASON_CODES);
        if (csv == null) {
            return new ReasonCodesFile(ReasonTexts.none(),
                    io.credence.plugin.explain.ReasonCodeTable.parse(String.join(",", ReasonCodesFile.HEADER), "none"),
                    Map.of(), List.of(new PolicyProblem(PolicyFiles.REASON_CODES, 0,
                            "the policy has no " + PolicyFiles.REASON_CODES + "; every reason code a rule gives needs its text there")));
        }
        return ReasonCodesFile.parse(csv, PolicyFiles.REASON_CODES);
    }

    static List<DecisionTableFile> tables(PolicyFiles files) {
        List<DecisionTableFile> tables = new ArrayList<>();
        files.decisionTables().forEach((name, csv) -> tables.add(DecisionTableFile.parse(csv, name)));
        return tables;
    }

    /** Every limit of every table, by name. */
    static Map<String, Limit> limitsOf(List<DecisionTableFile> tables) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits.put(Limit.LOWEST, Limit.lowest());
        limits.put(Limit.HIGHEST, Limit.highest());
        tables.forEach(t -> t.limits().forEach(l -> limits.put(l.name(), l)));
        return limits;
    }

    /** The reason codes rules and bands give, with where. */
    public static List<Use> codesGiven(PolicyFiles files, List<DecisionTableFile> tables) {
        List<Use> uses = new ArrayList<>();
        files.drl().forEach((name, text) -> scan(name, text, GIVES, 2, uses));
        for (DecisionTableFile table : tables) {
            for (DecisionTableFile.Band band : table.bands()) {
                band.verdicts().values().forEach(code -> uses.add(new Use(code, table.name(), band.line())));
            }
        }
        return uses;
    }

    /**
     * The models rules score ({@code models.score("name", ...)}) and bands are on (a score matrix's
     * bands: both its models), with where.
     */
    public static List<Use> modelsScored(PolicyFiles files, List<DecisionTableFile> tables) {
        List<Use> uses = new ArrayList<>();
        files.drl().forEach((name, text) -> scan(name, stripComments(text), SCORES, 1, uses));
        for (DecisionTableFile table : tables) {
            for (DecisionTableFile.Band band : table.bands()) {
                if (band.onModel()) {
                    uses.add(new Use(band.measure(), table.name(), band.line()));
                }
                // a score matrix's other axis (the history model) is scored as much as its measure
                band.models().forEach(model -> uses.add(new Use(model, table.name(), band.line())));
            }
        }
        return uses;
    }

    /** The model names the policy scores with, in order. */
    public static Set<String> modelNames(PolicyFiles files) {
        Set<String> names = new TreeSet<>();
        modelsScored(files, tables(files)).forEach(u -> names.add(u.name()));
        return names;
    }

    private static void scan(String file, String text, Pattern pattern, int group, List<Use> uses) {
        String code = stripComments(text);
        Matcher m = pattern.matcher(code);
        while (m.find()) {
            uses.add(new Use(m.group(group), file, lineAt(code, m.start())));
        }
    }

    /** Blanks out {@code //} and {@code /* *}{@code /} comments, keeping every line break. */
    static String stripComments(String text) {
        StringBuilder out = new StringBuilder(text);
        boolean inString = false;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '/') {
                while (i < out.length() && out.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '*') {
                while (i < out.length() && !(out.charAt(i) == '*' && i + 1 < out.length() && out.charAt(i + 1) == '/')) {
                    if (out.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                    i++;
                }
                if (i < out.length()) {
                    out.setCharAt(i, ' ');
                    if (i + 1 < out.length()) {
                        out.setCharAt(++i, ' ');
                    }
                }
            }
        }
        return out.toString();
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The band rows of one table: limits defined, one of each bound, one verdict; no overlap, no gap. */
    static List<PolicyProblem> bands(DecisionTableFile table, Map<String, Limit> limits) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, List<Interval>> byMeasure = new LinkedHashMap<>();
        for (DecisionTableFile.Band band : table.bands()) {
            String what = "the band '" + band.rule() + "'";
            if (band.lower() == null) {
                problems.add(new PolicyProblem(table.name(), band.line(), what + " has no lower limit: fill 'above' or"
                        + " 'at least' (write lowest for no lower limit)"));
            }
            if (band.upper() == null) {
                problems.add(new PolicyProblem(table.name(), band.line(), what + " has no upper limit: fill 'up to' or"
                        + " 'below' (write highest for no upper limit)"));
            }
            if (band.verdicts().size() != 1) {
                problems.add(new PolicyProblem(table.name(), band.line(), what + (band.verdicts().isEmpty()
                        ? " gives no verdict: put a reason code in one of the 'decline with', 'refer with' or 'approve with' columns"
                        : " gives " + band.verdicts().size() + " verdicts " + band.verdicts() + "; keep one")));
            }
            Limit lower = band.lower() == null ? null : limit(band.lower(), limits, table, band, problems);
            Limit upper = band.upper() == null ? null : limit(band.upper(), limits, table, band, problems);
            if (lower == null || upper == null) {
                continue;
            }
            Interval interval = new Interval(band, lower.value(), band.lower().inclusive(), upper.value(), band.upper().inclusive());
            if (interval.empty()) {
                problems.add(new PolicyProblem(table.name(), band.line(), what + " is empty: " + interval.describe()
                        + " holds no value; check the two limits (" + lower.name() + " = " + ReasonTexts.format(lower.value(), null)
                        + ", " + upper.name() + " = " + ReasonTexts.format(upper.value(), null) + ")"));
                continue;
            }
            byMeasure.computeIfAbsent(band.measure() + (band.scope().isEmpty() ? "" : " when " + band.scope()), k -> new ArrayList<>())
                    .add(interval);
        }
        byMeasure.forEach((measure, intervals) -> problems.addAll(overlapsAndGaps(table.name(), measure, intervals)));
        return problems;
    }

    private static Limit limit(DecisionTableFile.Bound bound, Map<String, Limit> limits, DecisionTableFile table,
                               DecisionTableFile.Band band, List<PolicyProblem> problems) {
        Limit limit = limits.get(bound.limit());
        if (limit == null) {
            problems.add(new PolicyProblem(table.name(), band.line(), "the band '" + band.rule() + "' uses the limit '"
                    + bound.limit() + "' in '" + bound.column() + "', which no Limit row defines; defined: "
                    + new TreeSet<>(limits.keySet())));
        }
        return limit;
    }

    private static List<PolicyProblem> overlapsAndGaps(String file, String measure, List<Interval> intervals) {
        List<PolicyProblem> problems = new ArrayList<>();
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(Interval::low).thenComparing(i -> !i.lowIn()));
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                Interval a = sorted.get(i);
                Interval b = sorted.get(j);
                if (a.overlaps(b)) {
                    problems.add(new PolicyProblem(file, b.band().line(), "the band '" + b.band().rule() + "' ("
                            + b.describe() + ") overlaps the band '" + a.band().rule() + "' on line " + a.band().line()
                            + " (" + a.describe() + ") on " + measure + ": an application in both gets both verdicts"));
                }
            }
        }
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Interval a = sorted.get(i);
            Interval b = sorted.get(i + 1);
            boolean gap = a.high() < b.low() || a.high() == b.low() && !a.highIn() && !b.lowIn();
            if (gap && !a.overlaps(b)) {
                problems.add(new PolicyProblem(file, b.band().line(), "between the band '" + a.band().rule() + "' on line "
                        + a.band().line() + " (" + a.describe() + ") and the band '" + b.band().rule() + "' ("
                        + b.describe() + ") no band applies on " + measure + " from " + ReasonTexts.format(a.high(), null)
                        + " to " + ReasonTexts.format(b.low(), null) + "; make one band start where the other ends"));
            }
        }
        boolean onModel = intervals.get(0).band().onModel();
        if (onModel && !sorted.isEmpty()) {
            Interval first = sorted.get(0);
            Interval last = sorted.get(sorted.size() - 1);
            if (first.low() > 0 || first.low() == 0 && !first.lowIn()) {
                problems.add(new PolicyProblem(file, first.band().line(), "no band applies on " + measure
                        + " to probabilities from 0 to " + ReasonTexts.format(first.low(), null)
                        + "; start the lowest band at lowest"));
            }
            if (last.high() < 1 || last.high() == 1 && !last.highIn()) {
                problems.add(new PolicyProblem(file, last.band().line(), "no band applies on " + measure
                        + " to probabilities above " + ReasonTexts.format(last.high(), null) + "; end the highest band at highest"));
            }
        }
        return problems;
    }

    /** A band as numbers. */
    private record Interval(DecisionTableFile.Band band, double low, boolean lowIn, double high, boolean highIn) {
        boolean empty() {
            return low > high || low == high && !(lowIn && highIn);
        }

        boolean overlaps(Interval o) {
            double lo = Math.max(low, o.low);
            double hi = Math.min(high, o.high);
            if (lo < hi) {
                return true;
            }
            if (lo > hi) {
                return false;
            }
            return contains(lo) && o.contains(lo);
        }

        boolean contains(double v) {
            return (v > low || v == low && lowIn) && (v < high || v == high && highIn);
        }

        String describe() {
            String from = Double.isInfinite(low) ? "" : (lowIn ? "at least " : "above ") + ReasonTexts.format(low, null);
            String to = Double.isInfinite(high) ? "" : (highIn ? "up to " : "below ") + ReasonTexts.format(high, null);
            return from.isEmpty() && to.isEmpty() ? "every value" : (from + (from.isEmpty() || to.isEmpty() ? "" : " ") + to);
        }
    }

    /** A band's reason text may use only what a band fills in. */
    private static List<PolicyProblem> bandTexts(List<DecisionTableFile> tables, ReasonCodesFile reasons) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (DecisionTableFile table : tables) {
            for (DecisionTableFile.Band band : table.bands()) {
                for (String code : band.verdicts().values()) {
                    String template = reasons.texts().template(code);
                    if (template == null || seen.put(code, true) != null) {
                        continue;
                    }
                    for (String placeholder : ReasonTexts.placeholders(template)) {
                        if (!BAND_PLACEHOLDERS.contains(placeholder)) {
                            problems.add(new PolicyProblem(PolicyFiles.REASON_CODES, reasons.lines().getOrDefault(code, 0),
                                    "the text of " + code + " uses {" + placeholder + "}, but a band fills in only "
                                            + new TreeSet<>(BAND_PLACEHOLDERS)));
                        }
                    }
                }
            }
        }
        return problems;
    }
}
