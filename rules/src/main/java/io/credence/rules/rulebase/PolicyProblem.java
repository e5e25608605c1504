package io.credence.rules.rulebase;

/**
 * One problem with a policy folder, where an analyst finds it.
 *
 * @param file    the file's name in the folder (e.g. {@code cut-offs.drl.csv}), or empty for the folder
 * @param line    the line in that file, 1-based; 0 when the problem is the whole file
 * @param message what is wrong and what to do, in the policy's words
 */
public record PolicyProblem(String file, int line, String message) implements Comparable<PolicyProblem> {

    public PolicyProblem {
        file = file == null ? "" : file;
        if (line < 0) {
            line = 0;
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a policy problem needs a message");
        }
    }

    /** {@code cut-offs.drl.csv line 12: ...}, {@code reason-codes.csv: ...} or the message alone. */
    @Override
    public String toString() {
        if (file.isEmpty()) {
            return message;
        }
        return file + (line > 0 ? " line " + line : "") + ": " + message;
    }

    @Override
    public int compareTo(PolicyProblem other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : Integer.compare(line, other.line);
    }
}
