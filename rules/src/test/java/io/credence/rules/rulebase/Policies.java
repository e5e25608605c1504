package io.credence.rules.rulebase;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

/** Edited copies of the shipped policy, in memory. */
final class Policies {

    static final String TABLE = "cut-offs.drl.csv";

    private Policies() {
    }

    static PolicyFiles shipped() {
        return PolicyFiles.classpath();
    }

    /** {@code files} with the one occurrence of {@code from} in {@code file} replaced by {@code to}. */
    static PolicyFiles edit(PolicyFiles files, String file, String from, String to) {
        String text = files.rules().get(file);
        assertTrue(text.contains(from), file + " has no '" + from + "'");
        assertTrue(text.indexOf(from) == text.lastIndexOf(from), file + " has '" + from + "' more than once");
        Map<String, String> all = new HashMap<>(files.rules());
        all.put(file, text.replace(from, to));
        files.scenarios().forEach((n, t) -> all.put(PolicyFiles.SCENARIOS + n, t));
        return PolicyFiles.of("edited", all);
    }

    /** The 1-based line of the first occurrence of {@code fragment} in {@code text}. */
    static int lineOf(String text, String fragment) {
        int at = text.indexOf(fragment);
        assertTrue(at >= 0, "no '" + fragment + "'");
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
