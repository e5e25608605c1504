package io.credence.rules.rulebase.scenario;

import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.application.RepaymentMonth;
import io.credence.rules.decision.Outcome;
import io.credence.rules.rulebase.CsvRows;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.rulebase.PolicyProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;

/**
 * Reads a scenario file ({@code scenarios/*.csv}): a header, then one application per row.
 *
 * <pre>
 * applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths,modelInputs.checkingAccount,given.score.credit-default,expect.decision,expect.reasons
 * KO-AGE-1,17,4000,500,12000,24,EMPLOYED,0,NONE,0.05,DECLINE,KO_UNDERAGE;MODEL_LOW_RISK
 * </pre>
 *
 * <p>The application's fields are columns; {@code modelInputs.<name>} are the model's further
 * inputs (a number or a code such as {@code NONE}; empty = not given); {@code given.score.<model>}
 * fixes that model's probability instead of scoring it (empty = score it); {@value #REPAYMENT_HISTORY}
 * (optional) is the application's 6 months, oldest first, each {@code status/billAmount/paymentAmount},
 * separated by spaces ({@code 0/1000/500 0/1200/600 1/1500/0 ...}; empty = none); {@code expect.decision}
 * is APPROVE, REFER or DECLINE and {@code expect.reasons} the exact set of the decision's reason
 * codes, separated by {@code ;} in any order; an empty expectation is not checked. Lines starting
 * with {@code #} are comments.
 *
 * @param scenarios the rows that read well
 * @param problems  the rows (or header) that do not, with lines
 */
public record ScenarioFile(List<Scenario> scenarios, List<PolicyProblem> problems) {

    /** The application's own columns, all required. */
    public static final List<String> FIELDS = List.of("applicationId", "applicantAge", "monthlyIncome",
            "monthlyDebtPayments", "requestedAmount", "termMonths", "employmentStatus", "worstDelinquencyMonths");
    public static final String MODEL_INPUT = "modelInputs.";
    public static final String GIVEN_SCORE = "given.score.";
    /** The optional column of the repayment history. */
    public static final String REPAYMENT_HISTORY = "repaymentHistory";
    public static final String EXPECT_DECISION = "expect.decision";
    public static final String EXPECT_REASONS = "expect.reasons";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setCommentMarker('#').get();

    public ScenarioFile {
        scenarios = List.copyOf(scenarios);
        problems = List.copyOf(problems);
    }

    /** Reads every scenario file of a policy. */
    public static ScenarioFile of(PolicyFiles files) {
        List<Scenario> scenarios = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        files.scenarios().forEach((name, csv) -> {
            ScenarioFile one = parse(csv, PolicyFiles.SCENARIOS + name);
            scenarios.addAll(one.scenarios());
            problems.addAll(one.problems());
        });
        return new ScenarioFile(scenarios, problems);
    }

    /** Reads one file; {@code name} is used in messages (e.g. {@code scenarios/knock-outs.csv}). */
    public static ScenarioFile parse(String csv, String name) {
        List<Scenario> scenarios = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.read(csv, FORMAT);
        } catch (IllegalArgumentException e) {
            return new ScenarioFile(List.of(), List.of(new PolicyProblem(name, 0, "this scenario file is " + e.getMessage())));
        }
        if (rows.isEmpty()) {
            return new ScenarioFile(List.of(), List.of(new PolicyProblem(name, 0, "the file is empty; the first line"
                    + " must name the columns: " + String.join(",", FIELDS) + ",...,expect.decision,expect.reasons")));
        }
        CsvRows.Row header = rows.get(0);
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < header.cells().size(); c++) {
            String column = header.cell(c);
            if (!FIELDS.contains(column) && !column.startsWith(MODEL_INPUT) && !column.startsWith(GIVEN_SCORE)
                    && !column.equals(REPAYMENT_HISTORY) && !column.equals(EXPECT_DECISION) && !column.equals(EXPECT_REASONS)) {
                problems.add(new PolicyProblem(name, header.line(), "unknown column '" + column + "'; the columns are "
                        + FIELDS + ", modelInputs.<name>, given.score.<model>, " + REPAYMENT_HISTORY + ", " + EXPECT_DECISION
                        + " and " + EXPECT_REASONS));
            } else if (columns.put(column, c) != null) {
                problems.add(new PolicyProblem(name, header.line(), "the column '" + column + "' is there twice"));
            }
        }
        for (String field : FIELDS) {
            if (!columns.containsKey(field)) {
                problems.add(new PolicyProblem(name, header.line(), "the column '" + field + "' is missing"));
            }
        }
        if (!problems.isEmpty()) {
            return new ScenarioFile(List.of(), problems);
        }
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            if (row.blank()) {
                continue;
            }
            try {
                scenarios.add(scenario(row, columns, name));
            } catch (IllegalArgumentException e) {
                problems.add(new PolicyProblem(name, row.line(), e.getMessage()));
            }
        }
        return new ScenarioFile(scenarios, problems);
    }

    private static Scenario scenario(CsvRows.Row row, Map<String, Integer> columns, String name) {
        Map<String, Object> inputs = new HashMap<>();
        Map<String, Double> given = new HashMap<>();
        columns.forEach((column, c) -> {
            String cell = row.cell(c);
            if (column.startsWith(MODEL_INPUT) && !cell.isEmpty()) {
                inputs.put(column.substring(MODEL_INPUT.length()), numberOrText(cell));
            } else if (column.startsWith(GIVEN_SCORE) && !cell.isEmpty()) {
                double p = number(cell, column);
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException(column + " is " + cell + ", expected a probability from 0 to 1");
                }
                given.put(column.substring(GIVEN_SCORE.length()), p);
            }
        });
        LoanApplication application;
        try {
            application = new LoanApplication(required(row, columns, "applicationId"),
                    whole(row, columns, "applicantAge"), number(required(row, columns, "monthlyIncome"), "monthlyIncome"),
                    number(required(row, columns, "monthlyDebtPayments"), "monthlyDebtPayments"),
                    number(required(row, columns, "requestedAmount"), "requestedAmount"), whole(row, columns, "termMonths"),
                    employment(required(row, columns, "employmentStatus")), whole(row, columns, "worstDelinquencyMonths"),
                    inputs, columns.containsKey(REPAYMENT_HISTORY) ? history(row.cell(columns.get(REPAYMENT_HISTORY)))
                            : List.of());
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Outcome decision = null;
        String expected = columns.containsKey(EXPECT_DECISION) ? row.cell(columns.get(EXPECT_DECISION)) : "";
        if (!expected.isEmpty()) {
            try {
                decision = Outcome.valueOf(expected);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EXPECT_DECISION + " is '" + expected + "', expected one of "
                        + Arrays.toString(Outcome.values()) + " or empty (not checked)");
            }
        }
        Set<String> reasons = null;
        String codes = columns.containsKey(EXPECT_REASONS) ? row.cell(columns.get(EXPECT_REASONS)) : "";
        if (!codes.isEmpty()) {
            reasons = new LinkedHashSet<>();
            for (String code : codes.split(";")) {
                if (!code.isBlank()) {
                    reasons.add(code.strip());
                }
            }
        }
        return new Scenario(name, row.line(), application, given, decision, reasons);
    }

    /** {@code status/billAmount/paymentAmount} per month, oldest first, separated by spaces; empty: none. */
    private static List<RepaymentMonth> history(String cell) {
        List<RepaymentMonth> months = new ArrayList<>();
        if (cell.isBlank()) {
            return months;
        }
        for (String month : cell.strip().split("\\s+")) {
            String[] parts = month.split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException(REPAYMENT_HISTORY + " month '" + month
                        + "' is not status/billAmount/paymentAmount (e.g. 1/1500/0)");
            }
            try {
                months.add(new RepaymentMonth(Integer.parseInt(parts[0]), number(parts[1], REPAYMENT_HISTORY),
                        number(parts[2], REPAYMENT_HISTORY)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(REPAYMENT_HISTORY + " month '" + month + "': the status must be a whole"
                        + " number from -2 to 9");
            }
        }
        if (months.size() != LoanApplication.HISTORY_MONTHS) {
            throw new IllegalArgumentException(REPAYMENT_HISTORY + " has " + months.size() + " months, expected "
                    + LoanApplication.HISTORY_MONTHS + " (oldest first)");
        }
        return months;
    }

    private static String required(CsvRows.Row row, Map<String, Integer> columns, String column) {
        String cell = row.cell(columns.get(column));
        if (cell.isEmpty()) {
            throw new IllegalArgumentException(column + " is empty; every application field needs a value");
        }
        return cell;
    }

    private static int whole(CsvRows.Row row, Map<String, Integer> columns, String column) {
        String cell = required(row, columns, column);
        try {
            return Integer.parseInt(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is '" + cell + "', expected a whole number");
        }
    }

    private static double number(String cell, String column) {
        try {
            double v = Double.parseDouble(cell);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException(cell);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is '" + cell + "', expected a number");
        }
    }

    private static EmploymentStatus employment(String cell) {
        try {
            return EmploymentStatus.valueOf(cell);
        } catch (IllegalArgumentException e) {
            Set<String> allowed = new TreeSet<>();
            for (EmploymentStatus s : EmploymentStatus.values()) {
                allowed.add(s.name());
            }
            throw new IllegalArgumentException("employmentStatus is '" + cell + "', expected one of " + allowed);
        }
    }

    private static Object numberOrText(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? (Object) v : cell;
        } catch (NumberFormatException e) {
            return cell;
        }
    }
}
