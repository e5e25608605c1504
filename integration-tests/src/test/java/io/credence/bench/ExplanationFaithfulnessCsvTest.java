package io.credence.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplanationFaithfulnessCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsAQuotedCommaAndAQuotedLineBreakAsOneCellEachTrimmedWithNumbersAsNumbers() throws IOException {
        Path csv = Files.writeString(dir.resolve("g.csv"),
                "age_years, purpose ,note\n 30 ,\"car, used\",\"two\nlines\"\n41,tv,x\n", StandardCharsets.UTF_8);
        List<Map<String, Object>> rows = ExplanationFaithfulness.readCsv(csv, 10);
        assertEquals(2, rows.size());
        assertEquals(30.0, rows.get(0).get("age_years"));
        assertEquals("car, used", rows.get(0).get("purpose"));
        assertEquals("two\nlines", rows.get(0).get("note"));
    }

    @Test
    void stopsAtTheLimit() throws IOException {
        Path csv = Files.writeString(dir.resolve("g.csv"), "a\n1\n2\n3\n", StandardCharsets.UTF_8);
        assertEquals(2, ExplanationFaithfulness.readCsv(csv, 2).size());
    }
}
