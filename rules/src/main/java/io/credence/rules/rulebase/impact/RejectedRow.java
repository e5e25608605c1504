package io.credence.rules.rulebase.impact;

/**
 * A row of the portfolio that was not decided, and why: the fields and what they should hold,
 * never the values themselves (a report may be shared; the line points the analyst to the row).
 *
 * @param line          the 1-based line of the file the row starts on
 * @param applicationId the row's applicationId when it is a usable one, else null
 * @param problem       e.g. {@code applicantAge: expected an integer}
 */
public record RejectedRow(long line, String applicationId, String problem) implements Portfolio.Parsed, Comparable<RejectedRow> {

    public RejectedRow {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1, was " + line);
        }
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("a rejected row (line " + line + ") needs its problem");
        }
    }

    @Override
    public int compareTo(RejectedRow other) {
        return Long.compare(line, other.line);
    }

    /** {@code line 7: applicantAge: expected an integer}. */
    @Override
    public String toString() {
        return "line " + line + ": " + problem;
    }
}
