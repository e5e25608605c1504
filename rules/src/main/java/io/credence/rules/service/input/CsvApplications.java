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
import tools.jackson.core.StreamReadConstraints;
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
 * in a file, within a size bound, is the batch reader's job. An empty cell means "not given". A
 * number cell written with an exponent beyond ±{@value NumberLimits#MAX_EXPONENT} is rejected at
 * once, naming its column.
 * Spaces and tabs around a cell are ignored; any other control character in a cell or a column
 * name is an input fault.
 */
public final class CsvApplications {

    private static final Set<String> INTEGER_FIELDS = Set.of("applicantAge", "termMonths", "worstDelinquencyMonths");
    private static final Set<String> NUMBER_FIELDS = Set.of("monthlyIncome", "monthlyDebtPayments", "requestedAmount");
    /**
     * Top-level fields a cell's text fills as it is; {@code repaymentHistory} among them so that a
     * CSV column of that name is refused by the schema ("an array") rather than taken as a model
     * input no model reads: a history comes as JSON (JSONL, REST, Kafka).
     */
    private static final Set<String> TEXT_FIELDS = Set.of("applicationId", "employmentStatus", "repaymentHistory");

    /** RFC 4180; the record separator is only used for writing. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final List<String> header;

    /**
     * @throws InvalidApplicationException when the header is empty or names a column twice
     */
    public CsvApplications(String headerLine) {
        List<String> names = fields(headerLine);
        List<Violation> problems = new ArrayList<>();
        if (names.isEmpty() || names.stream().allMatch(String::isBlank)) {
            problems.add(new Violation("header", headerLine, "a header row naming the columns"));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.subList(0, i).contains(names.get(i))) {
                problems.add(new Violation("header", names.get(i), "each column name once"));
            }
            String name = blankStripped(names.get(i));
            int invisible = VisibleText.indexOfInvisible(name);
            if (invisible >= 0) {
                problems.add(new Violation("header", name, "column names without control characters (found "
                        + VisibleText.codePoint(name.charAt(invisible)) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidApplicationException(problems);
        }
        this.header = names.stream().map(CsvApplications::blankStripped).toList();
    }

    public List<String> header() {
        return header;
    }

    /** One row as an application tree (not yet validated). */
    public JsonNode row(String line) {
        return row(fields(line));
    }

    /** One row's cells, already split (e.g. by {@link #fields}), in header order, as an application tree (not yet validated). */
    public JsonNode row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT, cells.size() + " columns",
                    header.size() + " columns, as in the header")));
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode application = nodes.objectNode();
        ObjectNode inputs = nodes.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String cell = blankStripped(cells.get(i));
            if (cell.isEmpty()) {
                continue;
            }
            if (TEXT_FIELDS.contains(name)) {
                application.put(name, cell);
            } else if (INTEGER_FIELDS.contains(name) || NUMBER_FIELDS.contains(name)) {
                BigDecimal number = number(name, cell);
                if (number == null) {
                    application.put(name, cell);  // the schema reports it as "not a number", naming the value
                } else if (INTEGER_FIELDS.contains(name) && isLong(number)) {
                    application.put(name, number.longValueExact());
                } else {
                    // Also an integer field's 1e999999999: as a BigInteger it would take a billion digits.
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

    /** The cell as a number, or null; cells longer than JSON's longest number are text. */
    private static BigDecimal number(String field, String cell) {
        if (cell.length() > StreamReadConstraints.DEFAULT_MAX_NUM_LEN) {
            return null;
        }
        if (NumberLimits.exponentTooLarge(cell)) {
            throw new InvalidApplicationException(List.of(NumberLimits.violation(field, cell)));
        }
        try {
            return new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isLong(BigDecimal number) {
        try {
            number.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * Without the spaces and tabs around it. Other white space stays, so that a control
     * character (U+001C–U+001F count as white space to {@link String#strip}) is reported, not dropped.
     */
    private static String blankStripped(String cell) {
        int from = 0;
        int to = cell.length();
        while (from < to && (cell.charAt(from) == ' ' || cell.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (cell.charAt(to - 1) == ' ' || cell.charAt(to - 1) == '\t')) {
            to--;
        }
        return cell.substring(from, to);
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
