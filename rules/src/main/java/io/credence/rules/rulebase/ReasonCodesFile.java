package io.credence.rules.rulebase;

import io.credence.plugin.explain.ReasonCodeTable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@value PolicyFiles#REASON_CODES}: rows without a feature are the texts of the codes rules
 * give ({@link ReasonTexts}); rows with a feature are the model's principal reasons ({@link
 * ReasonCodeTable}).
 *
 * <pre>{@code
 * ReasonCodesFile codes = ReasonCodesFile.parse(csv, "reason-codes.csv");
 * codes.problems();   // empty when the file is good
 * codes.texts().fill("KO_NO_INCOME", Map.of());
 * }</pre>
 *
 * @param texts       the texts of the codes rules give
 * @param modelCodes  the model's reason codes by feature
 * @param lines       the line of each code rules give, for messages
 * @param problems    what is wrong, with lines; empty when the file is good
 */
public record ReasonCodesFile(ReasonTexts texts, ReasonCodeTable modelCodes, Map<String, Integer> lines,
                              List<PolicyProblem> problems) {

    static final List<String> HEADER = List.of("feature", "direction", "code", "text");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,32}");
    private static final Pattern LINE = Pattern.compile(" line (\\d+): ");

    public ReasonCodesFile {
        lines = Map.copyOf(lines);
        problems = List.copyOf(problems);
    }

    /** Parses the file's text; {@code name} is the file name used in problems. */
    public static ReasonCodesFile parse(String csv, String name) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        // The model rows go to ReasonCodeTable as they are; the other lines become comments so that
        // its line numbers stay those of the file.
        String[] physical = csv.split("\\R", -1);
        StringBuilder modelRows = new StringBuilder();
        boolean headerSeen = false;
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            int lineNo = i + 1;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                modelRows.append(line).append('\n');
                continue;
            }
            List<String> cells = cells(line);
            if (cells == null) {
                problems.add(new PolicyProblem(name, lineNo, "a quoted text is not closed on this line"));
                modelRows.append("#\n");
                continue;
            }
            if (!headerSeen) {
                headerSeen = true;
                if (!cells.equals(HEADER)) {
                    problems.add(new PolicyProblem(name, lineNo, "the first line must be the header "
                            + String.join(",", HEADER) + ", was " + stripped));
                }
                modelRows.append(line).append('\n');
                continue;
            }
            if (cells.size() == 4 && cells.get(0).isEmpty() && cells.get(1).isEmpty()) {
                ruleReason(cells.get(2), cells.get(3), name, lineNo, texts, lines, problems);
                modelRows.append("#\n");
            } else {
                modelRows.append(line).append('\n');
            }
        }
        if (!headerSeen) {
            problems.add(new PolicyProblem(name, 0, "the file is empty; the first line must be " + String.join(",", HEADER)));
        }
        ReasonCodeTable table = ReasonCodeTable.parse(String.join(",", HEADER), name);
        if (problems.isEmpty()) {
            try {
                table = ReasonCodeTable.parse(modelRows.toString(), name);
            } catch (IllegalArgumentException e) {
                problems.add(problem(name, e.getMessage()));
            }
        }
        return new ReasonCodesFile(ReasonTexts.of(texts, name), table, lines, problems);
    }

    private static void ruleReason(String code, String text, String name, int lineNo, Map<String, String> texts,
                                   Map<String, Integer> lines, List<PolicyProblem> problems) {
        if (!CODE.matcher(code).matches()) {
            problems.add(new PolicyProblem(name, lineNo, "the code '" + code
                    + "' must be 1 to 32 upper-case letters, digits or '_'"));
        } else if (text.isEmpty()) {
            problems.add(new PolicyProblem(name, lineNo, "the code " + code + " has no text"));
        } else if (texts.containsKey(code)) {
            problems.add(new PolicyProblem(name, lineNo, "the code " + code + " is listed twice (first on line "
                    + lines.get(code) + ")"));
        } else {
            for (String unknown : ReasonTexts.unknownFormats(text)) {
                problems.add(new PolicyProblem(name, lineNo, "the placeholder " + unknown + " of " + code
                        + " asks for an unknown format; use :percent, :amount or none"));
            }
            texts.put(code, text);
            lines.put(code, lineNo);
        }
    }

    /** The cells of one line, stripped; null when a quote is not closed. */
    private static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.parse(new StringReader(line), CSVFormat.DEFAULT)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return null;
            }
            List<String> cells = new ArrayList<>();
            records.get(0).forEach(c -> cells.add(c.strip()));
            return cells;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** ReasonCodeTable's message ({@code name line N: ...}) as a problem. */
    private static PolicyProblem problem(String name, String message) {
        Matcher m = LINE.matcher(message);
        if (m.find()) {
            return new PolicyProblem(name, Integer.parseInt(m.group(1)), message.substring(m.end()));
        }
        return new PolicyProblem(name, 0, message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message);
    }
}
