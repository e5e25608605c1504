package io.credence.chaos;

/**
 * One fault scenario's outcome, as the chaos harness tabulates it.
 *
 * @param scenario          its name
 * @param applications      distinct applications sent
 * @param answered          applications the clients got an answer for
 * @param auditRecords      records of those applications in the store
 * @param duplicates        records beyond one per application
 * @param lost              applications without a record (or without an answer)
 * @param longestOutageMs   longest time no request succeeded
 * @param slowest5xxMs      longest wait for a 503 (how bounded the fault was); -1 when none came
 * @param readyAgainMs      time from the end of the fault to ready again; -1 when not measured
 * @param chainIntact       whether the audit chain verified afterwards
 * @param note              what happened, in a few words
 */
public record ScenarioReport(String scenario, int applications, int answered, long auditRecords, long duplicates,
                             long lost, long longestOutageMs, long slowest5xxMs, long readyAgainMs, boolean chainIntact,
                             String note) {

    /** Whether the run met the targets: nothing lost, nothing doubled, the chain intact. */
    public boolean passed() {
        return lost == 0 && duplicates == 0 && chainIntact && answered == applications;
    }

    static String header() {
        return "| scenario | applications | answered | audit records | duplicates | lost | longest unavailability (ms)"
                + " | slowest 503 (ms) | ready again after (ms) | chain | result |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        return "| " + scenario + " | " + applications + " | " + answered + " | " + auditRecords + " | " + duplicates + " | "
                + lost + " | " + longestOutageMs + " | " + (slowest5xxMs < 0 ? "–" : slowest5xxMs) + " | "
                + (readyAgainMs < 0 ? "–" : readyAgainMs) + " | " + (chainIntact ? "intact" : "BROKEN") + " | "
                + (passed() ? "pass" : "FAIL") + (note.isEmpty() ? "" : " (" + note + ")") + " |";
    }
}
