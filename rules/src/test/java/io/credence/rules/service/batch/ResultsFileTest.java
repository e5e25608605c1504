package io.credence.rules.service.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partial results file: what a crashed run left is counted, cut at a torn line, and continued. */
class ResultsFileTest {

    @TempDir
    Path out;

    @Test
    void aNewResultsFileStartsEmptyAndIsRenamedIntoPlaceWhenComplete() throws IOException {
        Path finished;
        try (ResultsFile results = ResultsFile.open(out, "a.jsonl", "f1", 2)) {
            assertEquals(0, results.completeLines());
            results.append("{\"line\":1}");
            results.append("{\"line\":2}");
            results.append("{\"line\":3}");
            assertTrue(Files.exists(results.partialPath()));
            assertFalse(Files.exists(out.resolve("a.jsonl.results.jsonl")));
            finished = results.complete();
        }

        assertEquals(out.resolve("a.jsonl.results.jsonl"), finished);
        assertEquals(List.of("{\"line\":1}", "{\"line\":2}", "{\"line\":3}"), Files.readAllLines(finished));
        try (var files = Files.list(out)) {
            assertEquals(List.of(finished), files.toList());
        }
    }

    @Test
    void reopeningCountsTheCompleteLinesCutsOffATornOneAndAppendsAfterThem() throws IOException {
        try (ResultsFile results = ResultsFile.open(out, "a.jsonl", "f1", 1000)) {
            results.append("{\"line\":1}");
            results.append("{\"line\":2}");
        }
        Path partial = out.resolve("a.jsonl.results.jsonl.f1.partial");
        Files.writeString(partial, "{\"line\":3,\"deci", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (ResultsFile results = ResultsFile.open(out, "a.jsonl", "f1", 1000)) {
            assertEquals(2, results.completeLines());
            results.append("{\"line\":3}");
            results.complete();
        }

        assertEquals(List.of("{\"line\":1}", "{\"line\":2}", "{\"line\":3}"),
                Files.readAllLines(out.resolve("a.jsonl.results.jsonl")));
    }

    @Test
    void partialResultsOfOtherContentUnderTheSameNameAreNotResumedButDeleted() throws IOException {
        try (ResultsFile results = ResultsFile.open(out, "a.jsonl", "old", 1000)) {
            results.append("{\"line\":1}");
        }

        try (ResultsFile results = ResultsFile.open(out, "a.jsonl", "new", 1000)) {
            assertEquals(0, results.completeLines());
        }

        assertFalse(Files.exists(out.resolve("a.jsonl.results.jsonl.old.partial")));
        assertTrue(Files.exists(out.resolve("a.jsonl.results.jsonl.new.partial")));
    }

    @Test
    void theFingerprintFollowsTheContentNotTheName() throws IOException {
        Path a = Files.writeString(out.resolve("a.jsonl"), "{}\n");
        Path b = Files.writeString(out.resolve("b.jsonl"), "{}\n");
        String before = ResultsFile.fingerprint(a);

        assertEquals(before, ResultsFile.fingerprint(b));
        Files.writeString(a, "{} \n");
        assertNotEquals(before, ResultsFile.fingerprint(a));
    }
}
