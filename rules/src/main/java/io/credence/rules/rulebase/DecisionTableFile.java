package io.credence.rules.rulebase;

import io.credence.rules.rulebase.CsvRows.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a CSV decision table says as data, read apart from Drools: its {@code Limit} rows and the
 * bands of its rule tables, each with its line. Drools compiles the same file into rules; this
 * reading gives the limits their values at run time and lets {@link PolicyCheck} look at the bands.
 *
 * <pre>{@code
 * DecisionTableFile table = DecisionTableFile.parse(csv, "cut-offs.drl.csv");
 * table.limits();     // [Limit[name=policy.minimum_age, value=18.0], ...]
 * table.bands();      // one per table row, with its limits and verdict
 * }</pre>
 *
 * <p>A band row is recognised by its columns' code snippets (the third row under {@code RuleTable}):
 * a {@code $value : ...} condition names the measure, {@code Limit( name == "$param", value < $value )}
 * and its {@code <=}, {@code >=}, {@code >} variants are the bounds "above", "at least", "up to"
 * and "below", and an action with {@code Outcome.DECLINE}, {@code REFER} or {@code APPROVE} gives
 * the verdict's reason code.
 *
 * @param name     the file name
 * @param limits   the limits in file order
 * @param limitLines the line of each limit
 * @param bands    the band rows
 * @param problems what is wrong with limits or band rows, with lines
 */
public record DecisionTableFile(String name, List<Limit> limits, Map<String, Integer> limitLines, List<Band> bands,
                                List<PolicyProblem> problems) {

    /** The keyword of a limit row above the rule tables: {@code Limit,name,value,meaning}. */
    public static final String LIMIT = "Limit";

    private static final Pattern BOUND = Pattern.compile(
            "\\$(lower|upper)\\s*:\\s*Limit\\(\\s*name\\s*==\\s*\"\\$param\"\\s*,\\s*value\\s*(<=|>=|<|>)\\s*\\$value\\s*\\)");
    private static final Pattern VERDICT = Pattern.compile("Outcome\\.(DECLINE|REFER|APPROVE)\\b");
    /** A model-score column's snippet that takes the model's name from the row. */
    private static final Pattern MODEL_PARAM = Pattern.compile("\\bmodel\\s*==\\s*\"\\$param\"");

    public DecisionTableFile {
        limits = List.copyOf(limits);
        limitLines = Map.copyOf(limitLines);
        bands = List.copyOf(bands);
        problems = List.copyOf(problems);
    }

    /** One side of a band: a limit's name and whether the limit itself is inside the band. */
    public record Bound(String limit, boolean inclusive, String column) {
    }

    /**
     * One band row.
     *
     * @param table    the rule table's name
     * @param rule     the row's rule name
     * @param line     its line in the file
     * @param measure  what it compares, e.g. {@code debtToIncome} or, on a model table, {@code credit-default}
     * @param onModel  true for a band on a model score
     * @param scope    the row's other conditions (e.g. {@code monthlyIncome > 0}); bands compare with
     *                 each other only within one measure and scope
     * @param lower    its lower bound, or null when the row gives none
     * @param upper    its upper bound, or null
     * @param verdicts outcome (DECLINE, REFER, APPROVE) -> reason code, as given in the row
     * @param models   the models of the row's other model-score columns (a score matrix's history
     *                 model), which must be loaded like the measure's
     */
    public record Band(String table, String rule, int line, String measure, boolean onModel, String scope,
                       Bound lower, Bound upper, Map<String, String> verdicts, List<String> models) {
        public Band {
            models = List.copyOf(models);
        }
    }

    /** Reads a decision table's text. Never throws for a malformed file: its problems say what is wrong. */
    public static DecisionTableFile parse(String csv, String name) {
        List<PolicyProblem> problems = new ArrayList<>();
        List<Limit> limits = new ArrayList<>();
        Map<String, Integer> limitLines = new LinkedHashMap<>();
        List<Band> bands = new ArrayList<>();
        List<Row> rows = rows(csv, name, problems);
        boolean inTables = false;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String first = row.cell(0);
            if (first.startsWith("RuleTable")) {
                inTables = true;
                i = table(rows, i, name, bands, problems);
            } else if (!inTables && first.equalsIgnoreCase(LIMIT)) {
                limit(row, name, limits, limitLines, problems);
            }
        }
        return new DecisionTableFile(name, limits, limitLines, bands, problems);
    }

    private static void limit(Row row, String name, List<Limit> limits, Map<String, Integer> lines,
                              List<PolicyProblem> problems) {
        String limit = row.cell(1);
        String value = row.cell(2);
        if (limit.isEmpty()) {
            problems.add(new PolicyProblem(name, row.line(), "a Limit row needs a name in its second cell"));
            return;
        }
        if (limit.equals(Limit.LOWEST) || limit.equals(Limit.HIGHEST)) {
            problems.add(new PolicyProblem(name, row.line(), "'" + limit + "' is built in (an open end of a band); name the limit otherwise"));
            return;
        }
        if (lines.containsKey(limit)) {
            problems.add(new PolicyProblem(name, row.line(), "the limit " + limit + " is defined twice (first on line "
                    + lines.get(limit) + ")"));
            return;
        }
        try {
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException(value);
            }
            limits.add(new Limit(limit, v));
            lines.put(limit, row.line());
        } catch (NumberFormatException e) {
            problems.add(new PolicyProblem(name, row.line(), "the limit " + limit + " has the value '" + value
                    + "', expected a number such as 0.45 or 50000"));
        }
    }

    /** Reads one rule table starting at its {@code RuleTable} row; returns the index of its last row. */
    private static int table(List<Row> rows, int start, String name, List<Band> bands, List<PolicyProblem> problems) {
        String table = rows.get(start).cell(0).substring("RuleTable".length()).strip();
        if (start + 4 >= rows.size()) {
            return rows.size() - 1; // Drools reports the incomplete table when it compiles it
        }
        Row types = rows.get(start + 1);
        Row objectTypes = rows.get(start + 2);
        Row snippets = rows.get(start + 3);
        int width = types.cells().size();
        int nameColumn = -1;
        int measureColumn = -1;
        boolean onModel = false;
        Map<Integer, Bound> boundColumns = new LinkedHashMap<>();
        Map<Integer, String> verdictColumns = new LinkedHashMap<>();
        List<Integer> scopeColumns = new ArrayList<>();
        List<Integer> modelColumns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            String type = types.cell(c).toUpperCase(java.util.Locale.ROOT);
            String snippet = snippets.cell(c);
            if (type.startsWith("N")) {
                nameColumn = c;
            } else if (type.startsWith("C")) {
                Matcher bound = BOUND.matcher(snippet);
                if (bound.find()) {
                    String op = bound.group(2);
                    boolean lower = bound.group(1).equals("lower");
                    boundColumns.put(c, new Bound(null, op.contains("="), lower ? (op.contains("=") ? "at least" : "above")
                            : (op.contains("=") ? "up to" : "below")));
                } else if (snippet.contains("$value :") || snippet.contains("$value:")) {
                    measureColumn = c;
                    onModel = objectTypes.cell(c).contains("ModelScore");
                } else {
                    scopeColumns.add(c);
                    if (MODEL_PARAM.matcher(snippet).find()) {
                        modelColumns.add(c);
                    }
                }
            } else if (type.startsWith("A")) {
                Matcher verdict = VERDICT.matcher(snippet);
                if (verdict.find()) {
                    verdictColumns.put(c, verdict.group(1));
                }
            }
        }
        int last = start + 4;
        for (int r = start + 5; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.blank() || row.cell(0).startsWith("RuleTable")) {
                break;
            }
            last = r;
            if (measureColumn < 0 || boundColumns.isEmpty()) {
                continue; // not a table of bands
            }
            Bound lower = null;
            Bound upper = null;
            for (Map.Entry<Integer, Bound> col : boundColumns.entrySet()) {
                String limit = row.cell(col.getKey());
                if (limit.isEmpty()) {
                    continue;
                }
                Bound b = new Bound(limit, col.getValue().inclusive(), col.getValue().column());
                boolean isLower = b.column().equals("above") || b.column().equals("at least");
                if (isLower && lower != null || !isLower && upper != null) {
                    problems.add(new PolicyProblem(name, row.line(), "the band '" + row.cell(nameColumn) + "' has two "
                            + (isLower ? "lower limits ('above' and 'at least')" : "upper limits ('up to' and 'below')")
                            + "; fill only one"));
                }
                if (isLower) {
                    lower = b;
                } else {
                    upper = b;
                }
            }
            Map<String, String> verdicts = new LinkedHashMap<>();
            verdictColumns.forEach((c, outcome) -> {
                if (!row.cell(c).isEmpty()) {
                    verdicts.put(outcome, row.cell(c));
                }
            });
            StringBuilder scope = new StringBuilder();
            for (int c : scopeColumns) {
                if (!row.cell(c).isEmpty()) {
                    scope.append(scope.length() == 0 ? "" : ", ").append(row.cell(c));
                }
            }
            List<String> models = modelColumns.stream().map(row::cell).filter(m -> !m.isEmpty()).toList();
            bands.add(new Band(table, nameColumn >= 0 ? row.cell(nameColumn) : table + " line " + row.line(), row.line(),
                    row.cell(measureColumn), onModel, scope.toString(), lower, upper, verdicts, models));
        }
        return last;
    }

    private static List<Row> rows(String csv, String name, List<PolicyProblem> problems) {
        try {
            return CsvRows.read(csv, CsvRows.KEEP_EMPTY_LINES);
        } catch (IllegalArgumentException e) {
            problems.add(new PolicyProblem(name, 0, "this decision table is " + e.getMessage()));
            return List.of();
        }
    }
}
