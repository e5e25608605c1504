package io.credence.rules.service.input;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads CSV rows as applications: the header row names the fields; columns named like a
 * top-level application field fill that field, every other column goes to {@code modelInputs}.
 * A row becomes the same JSON tree a JSON caller would send, so it meets the same schema.
 *
 * <pre>{@code
 * CsvApplications columns = new CsvApplications("applicationId,applicantAge,risk_signal");
 * JsonNode tree = columns.row("A-1,35,0.25");   // {"applicationId":"A-1","applicantAge":35,"modelInputs":{"risk_signal":0.25}}
 * }</pre>
 *
 * <p>Format: RFC 4180 as Apache Commons CSV reads it ({@link #FORMAT}): comma separated, double
 * quotes around a field that holds commas, quotes or line breaks, {@code ""} for a quote inside.
 * Each method takes one record (which may span lines inside quotes); finding where a record ends
 * in a file, within a size bound, is the batch reader's job. An empty cell means "not given";
 * cells are stripped of surrounding spaces. A number cell written with an exponent beyond
 * ±{@value NumberLimits#MAX_EXPONENT} is rejected at once, naming its column.
 */
public final class CsvApplications {

    private static final Set<String> INTEGER_FIELDS = Set.of("applicantAge", "termMonths", "worstDelinquencyMonths");
    private static final Set<String> NUMBER_FIELDS = Set.of("monthlyIncome", "monthlyDebtPayments", "requestedAmount");
    private static final Set<String> TEXT_FIELDS = Set.of("applicationId", "employmentStatus");

    /** RFC 4180; the record separator is only used for writing. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final List<String> header;

    /**
     * @param headerRecord the header row as text
     * @throws InvalidApplicationException when the header is not one CSV record, is empty or names a column twice
     */
    public CsvApplications(String headerRecord) {
        this(fields(headerRecord), headerRecord);
    }

    private CsvApplications(List<String> names, String headerRecord) {
        List<Violation> problems = new ArrayList<>();
        if (names.isEmpty() || names.stream().allMatch(String::isBlank)) {
            problems.add(new Violation("header", shorten(headerRecord), "a header row naming the columns"));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.subList(0, i).contains(names.get(i))) {
                problems.add(new Violation("header", names.get(i), "each column name once"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidApplicationException(problems);
        }
        this.header = names.stream().map(String::strip).toList();
    }

    public List<String> header() {
        return header;
    }

    /** One row (one CSV record) as an application tree (not yet validated). */
    public JsonNode row(String record) {
        List<String> cells = fields(record);
        if (cells.size() != header.size()) {
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT, cells.size() + " columns",
                    header.size() + " columns, as in the header")));
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode application = nodes.objectNode();
        ObjectNode inputs = nodes.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String cell = cells.get(i).strip();
            if (cell.isEmpty()) {
                continue;
            }
            if (TEXT_FIELDS.contains(name)) {
                application.put(name, cell);
            } else if (INTEGER_FIELDS.contains(name) || NUMBER_FIELDS.contains(name)) {
                BigDecimal number = number(name, cell);
                if (number == null) {
                    application.put(name, cell);  // the schema reports it as "not a number", naming the value
                } else if (INTEGER_FIELDS.contains(name) && number.stripTrailingZeros().scale() <= 0) {
                    application.put(name, number.toBigIntegerExact());
                } else {
                    application.put(name, number);
                }
            } else {
                BigDecimal number = number("modelInputs." + name, cell);
                if (number == null) {
                    inputs.put(name, cell);
                } else {
                    inputs.put(name, number);
                }
            }
        }
        if (!inputs.isEmpty()) {
            application.set("modelInputs", inputs);
        }
        return application;
    }

    /** The cell as an exact number, or null when it is not one; a huge exponent is refused before parsing. */
    private static BigDecimal number(String field, String cell) {
        if (NumberLimits.exponentTooLarge(cell)) {
            throw new InvalidApplicationException(List.of(NumberLimits.violation(field, cell)));
        }
        try {
            return new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The fields of one CSV record, parsed by Commons CSV.
     *
     * @throws InvalidApplicationException when the text is not exactly one well-formed record
     */
    public static List<String> fields(String record) {
        List<CSVRecord> records;
        try (CSVParser parser = FORMAT.parse(new StringReader(record))) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT, shorten(record),
                    "one RFC 4180 CSV record (" + why + ")")));
        }
        if (records.size() > 1) {
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT, shorten(record),
                    "one CSV record (a line break inside a field needs double quotes around the field)")));
        }
        return records.isEmpty() ? List.of() : records.get(0).toList();
    }

    private static String shorten(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
