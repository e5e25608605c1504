package io.credence.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.encode.SourceColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

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
 * {@code modelInputs} (numbers as numbers) under the bundled credit-default model's business names
 * and values ({@code checking_status} {@code A11} becomes {@code checkingAccount} {@code NEGATIVE},
 * as its card's {@link SourceColumns} say), except the row id, the target {@code class} and the
 * protected attributes {@code personal_status_sex} and {@code foreign_worker}, which the
 * credit-default model does not read. The German file has no income, debt or delinquency data; a
 * {@link PolicyProfile} chooses them.
 */
public final class GermanApplications {

    /** RFC 4180 with blank lines skipped; cells are not trimmed. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** The committed German Credit training file, relative to the repository root. */
    public static final Path COMMITTED_CSV = Path.of("training", "data", "german-credit", "german-credit-train.csv");

    private static final Set<String> NOT_MODEL_INPUTS = Set.of("id", "class", "age_years", "credit_amount",
            "duration_months", "personal_status_sex", "foreign_worker");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bundled model's card, in the service's jar. */
    private static final String BUNDLED_CARD = "models/credit-default/1.0.0/model-card.json";
    private static final SourceColumns COLUMNS = bundledColumns();

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

    /**
     * The rows of a German Credit CSV file (header row, comma-separated, RFC 4180 quoting read by
     * Commons CSV), column name -> cell. Cells are not trimmed; blank lines are skipped.
     */
    public static List<Map<String, String>> read(Path csv) {
        List<String> header = null;
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8, FORMAT)) {
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = record.toList();
                    for (String required : List.of("age_years", "credit_amount", "duration_months")) {
                        if (!header.contains(required)) {
                            throw new IllegalArgumentException(csv + " has no column " + required + "; columns: " + header);
                        }
                    }
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(csv + " line " + parser.getCurrentLineNumber() + ": " + record.size()
                            + " cells, expected " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), record.get(c));
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        if (header == null) {
            throw new IllegalArgumentException(csv + " is empty; expected a header row and data rows");
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
            String feature = COLUMNS.featureOf(column);
            if (cell.matches("-?\\d+")) {
                inputs.put(feature, Long.parseLong(cell));
            } else if (cell.matches("-?\\d+\\.\\d+")) {
                inputs.put(feature, Double.parseDouble(cell));
            } else {
                inputs.put(feature, (String) COLUMNS.valueOf(feature, cell));
            }
        });
        return app;
    }

    private static SourceColumns bundledColumns() {
        try (InputStream in = GermanApplications.class.getClassLoader().getResourceAsStream(BUNDLED_CARD)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_CARD + " is not on the class path (the rules module's resources)");
            }
            return SourceColumns.of(ModelCards.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_CARD));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_CARD, e);
        }
    }

    /** The application for a row as JSON text. */
    public static String json(String applicationId, Map<String, String> row, PolicyProfile profile) {
        return application(applicationId, row, profile).toString();
    }
}
