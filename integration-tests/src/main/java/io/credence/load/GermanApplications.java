package io.credence.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loan applications (the service's JSON input) built from rows of the UCI German Credit file
 * ({@code training/data/german-credit/german-credit-train.csv}).
 *
 * <pre>{@code
 * List<Map<String, String>> rows = GermanApplications.read(Path.of("training/data/german-credit/german-credit-train.csv"));
 * String json = GermanApplications.json("APP-1", rows.get(0), PolicyProfile.CLEAN);
 * }</pre>
 *
 * <p>{@code age_years}, {@code credit_amount} and {@code duration_months} become
 * {@code applicantAge}, {@code requestedAmount} and {@code termMonths}; the other columns go to
 * {@code modelInputs} (numbers as numbers), except the row id, the target {@code class} and the
 * protected attributes {@code personal_status_sex} and {@code foreign_worker}, which the
 * credit-default model does not read. The German file has no income, debt or delinquency data; a
 * {@link PolicyProfile} chooses them.
 */
public final class GermanApplications {

    /** The committed German Credit training file, relative to the repository root. */
    public static final Path COMMITTED_CSV = Path.of("training", "data", "german-credit", "german-credit-train.csv");

    private static final Set<String> NOT_MODEL_INPUTS = Set.of("id", "class", "age_years", "credit_amount",
            "duration_months", "personal_status_sex", "foreign_worker");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GermanApplications() {
    }

    /** The committed file, found from the repository root or from a module folder. */
    public static Path committedCsv() {
        for (Path candidate : List.of(COMMITTED_CSV, Path.of("..").resolve(COMMITTED_CSV))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + COMMITTED_CSV + " from " + Path.of("").toAbsolutePath()
                + " (run from the repository root or a module folder)");
    }

    /** The rows of a German Credit CSV file (header row, comma-separated, no quoting), column name -> cell. */
    public static List<Map<String, String>> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected a header row and data rows");
        }
        String[] header = lines.get(0).split(",", -1);
        for (String required : List.of("age_years", "credit_amount", "duration_months")) {
            if (!List.of(header).contains(required)) {
                throw new IllegalArgumentException(csv + " has no column " + required + "; columns: " + List.of(header));
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + cells.length + " cells, expected "
                        + header.length);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The application for a row as a JSON object. */
    public static ObjectNode application(String applicationId, Map<String, String> row, PolicyProfile profile) {
        int age = Integer.parseInt(row.get("age_years"));
        double amount = Double.parseDouble(row.get("credit_amount"));
        int term = Integer.parseInt(row.get("duration_months"));
        double instalment = amount / term;
        // An income that keeps debt-to-income (existing debt + the new instalment) at or below 30 %,
        // under the 36 % referral line; at least 2,000 a month.
        double income = Math.max(2000, Math.ceil(instalment * 4 / 100) * 100);
        double debt = income * 0.05;
        String employment = "EMPLOYED";
        int delinquency = 0;
        switch (profile) {
            case CLEAN -> { }
            case NO_INCOME -> {
                income = 0;
                debt = 0;
            }
            case HIGH_DEBT_TO_INCOME -> debt = income * 0.5;
            case SEVERE_DELINQUENCY -> delinquency = 3;
            case RECENT_DELINQUENCY -> delinquency = 1;
            case UNEMPLOYED -> employment = "UNEMPLOYED";
            default -> throw new IllegalArgumentException("unknown profile " + profile);
        }
        ObjectNode app = JSON.createObjectNode();
        app.put("applicationId", applicationId);
        app.put("applicantAge", age);
        app.put("monthlyIncome", income);
        app.put("monthlyDebtPayments", debt);
        app.put("requestedAmount", amount);
        app.put("termMonths", term);
        app.put("employmentStatus", employment);
        app.put("worstDelinquencyMonths", delinquency);
        ObjectNode inputs = app.putObject("modelInputs");
        row.forEach((column, cell) -> {
            if (NOT_MODEL_INPUTS.contains(column)) {
                return;
            }
            if (cell.matches("-?\\d+")) {
                inputs.put(column, Long.parseLong(cell));
            } else if (cell.matches("-?\\d+\\.\\d+")) {
                inputs.put(column, Double.parseDouble(cell));
            } else {
                inputs.put(column, cell);
            }
        });
        return app;
    }

    /** The application for a row as JSON text. */
    public static String json(String applicationId, Map<String, String> row, PolicyProfile profile) {
        return application(applicationId, row, profile).toString();
    }
}
