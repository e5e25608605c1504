package io.credence.rules.service.input;

import io.credence.plugin.text.CsvRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads CSV rows as applications: the header row names the fields; columns named like a
 * top-level application field fill that field, every other column goes to {@code modelInputs}.
 * A row becomes the same JSON tree a JSON caller would send, so it meets the same schema.
 *
 * <p>Format: RFC 4180 fields (comma separated, double quotes around a field that holds commas
 * or quotes, {@code ""} for a quote inside), one record per line; an empty cell means "not given".
 */
public final class CsvApplications {

    private static final Set<String> INTEGER_FIELDS = Set.of("applicantAge", "termMonths", "worstDelinquencyMonths");
    private static final Set<String> NUMBER_FIELDS = Set.of("monthlyIncome", "monthlyDebtPayments", "requestedAmount");
    private static final Set<String> TEXT_FIELDS = Set.of("applicationId", "employmentStatus");

    private final List<String> header;

    /**
     * @throws InvalidApplicationException when the header is empty or names a column twice
     */
    public CsvApplications(String headerLine) {
        List<String> names = split(headerLine);
        List<Violation> problems = new ArrayList<>();
        if (names.isEmpty() || names.stream().allMatch(String::isBlank)) {
            problems.add(new Violation("header", headerLine, "a header row naming the columns"));
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

    /** One row as an application tree (not yet validated). */
    public JsonNode row(String line) {
        List<String> cells = split(line);
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
                BigDecimal number = number(cell);
                if (number == null) {
                    application.put(name, cell);  // the schema reports it as "not a number", naming the value
                } else if (INTEGER_FIELDS.contains(name) && number.stripTrailingZeros().scale() <= 0) {
                    application.put(name, number.toBigIntegerExact());
                } else {
                    application.put(name, number);
                }
            } else {
                BigDecimal number = number(cell);
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

    private static BigDecimal number(String cell) {
        try {
            return new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits one RFC 4180 record. */
    static List<String> split(String line) {
        return CsvRecord.split(line).orElseThrow(() -> new InvalidApplicationException(List.of(new Violation(
                Violation.WHOLE_INPUT, line.length() > 100 ? line.substring(0, 100) + "..." : line,
                "a closing double quote on the same line"))));
    }
}
