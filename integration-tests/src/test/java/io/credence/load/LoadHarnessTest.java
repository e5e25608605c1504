package io.credence.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A short run of the load harness on the final decision path (API key, signed checkpoints) with
 * the baseline: it works end to end and its audit check passes. What it measures is for
 * docs/benchmarks.md, not asserted here.
 */
class LoadHarnessTest {

    @Test
    void aShortRunWithAnApiKeyAndTheBaselineAnswersEveryRequestAndChecksTheAudit() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new LoadHarness()).execute("--threads", "2", "--duration", "1", "--warmup", "1",
                    "--baseline");
        } finally {
            System.setOut(out);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, report);
        assertTrue(report.contains("decision path: access control on (API key, role decide), idempotency on, audit tree and"
                + " receipts on, checkpoint signing on"), report);
        assertTrue(report.contains("errors: 0; statuses {200="), "every decision request got 200 with the key: " + report);
        assertTrue(report.contains("one record per request"), report);
        assertTrue(report.contains("baseline (POST /load/baseline") && report.contains("errors 0; decisions/s are"), report);
        assertTrue(report.contains("| 2 (baseline) |"), report);
        // The run's H2 store is gone (it grows by GBs under a long run) unless --keep-store is given.
        java.util.regex.Matcher store = java.util.regex.Pattern.compile("\\(H2 audit store in (.+) deleted; --keep-store keeps it\\)")
                .matcher(report);
        assertTrue(store.find(), report);
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of(store.group(1))), store.group(1));
    }

    @Test
    void optionsOutsideTheirValuesAreRefusedNamingTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        try {
            // the refusals are raised from the command's own checks, printed on standard error
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, new CommandLine(new LoadHarness()).execute("--access-control", "tls"));
            assertEquals(2, new CommandLine(new LoadHarness()).execute("--baseline", "--url", "http://127.0.0.1:1"));
        } finally {
            System.setErr(before);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--access-control must be api-key or off, was tls"), text);
        assertTrue(text.contains("--baseline needs the in-process service"), text);
    }
}
