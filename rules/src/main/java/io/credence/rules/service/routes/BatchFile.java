package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.CsvApplications;
import io.credence.rules.service.input.InvalidApplicationException;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides every line of one batch file and returns the results file, one JSON line per input
 * line: {@code {"line": 3, "decision": {...}}} or {@code {"line": 4, "error": ..., "decisionId":
 * ..., "violations": [...]}}. A bad line is reported and the file goes on. Blank lines are skipped.
 *
 * <ul>
 *   <li>{@code *.jsonl}: one application JSON per line.</li>
 *   <li>{@code *.csv}: a header row, then one application per line ({@link CsvApplications});
 *       the audit record keeps the header and the row as received.</li>
 * </ul>
 *
 * <p>When the audit log becomes unavailable the remaining lines are not decided; they are
 * reported as such and the result says {@link Result#complete()} is false.
 */
public final class BatchFile {

    private final DecisionService service;

    public BatchFile(DecisionService service) {
        this.service = service;
    }

    /**
     * @param results  the results file content (JSON lines)
     * @param lines    input lines with an application (or a bad line)
     * @param decided  lines decided
     * @param complete false when the audit log failed part-way
     */
    public record Result(String results, int lines, int decided, boolean complete) {
    }

    /** Whether the service reads a file of this name. */
    public static boolean accepts(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".csv");
    }

    public Result process(String fileName, String content) {
        boolean csv = fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
        List<String> lines = content.lines().toList();
        StringBuilder out = new StringBuilder();
        CsvApplications columns = null;
        InvalidApplicationException badHeader = null;
        int first = 0;
        if (csv && !lines.isEmpty()) {
            first = 1;
            try {
                columns = new CsvApplications(lines.get(0));
            } catch (InvalidApplicationException e) {
                badHeader = e;
            }
        }
        int count = 0;
        int decided = 0;
        boolean auditUp = true;
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            count++;
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("line", i + 1);
            if (!auditUp) {
                result.put("error", "not decided: the audit log became unavailable; submit this line again");
            } else {
                try {
                    ServiceOutcome outcome = decide(csv, lines.isEmpty() ? "" : lines.get(0), columns, badHeader, line);
                    if (outcome instanceof ServiceOutcome.Decided d) {
                        decided++;
                        result.set("decision", DecisionJson.of(d.record()));
                    } else {
                        result.setAll(DecisionJson.of(outcome));
                    }
                } catch (AuditUnavailableException e) {
                    auditUp = false;
                    result.put("error", "not decided: the audit log became unavailable; submit this line again");
                }
            }
            out.append(DecisionJson.text(result)).append('\n');
        }
        return new Result(out.toString(), count, decided, auditUp);
    }

    private ServiceOutcome decide(boolean csv, String header, CsvApplications columns,
                                  InvalidApplicationException badHeader, String line) {
        if (!csv) {
            return service.decide(Channel.FILE, line);
        }
        return service.decide(Channel.FILE, header + "\n" + line, () -> {
            if (badHeader != null) {
                throw badHeader;
            }
            return columns.row(line);
        });
    }
}
