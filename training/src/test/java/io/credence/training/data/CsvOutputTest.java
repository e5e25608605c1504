package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {

    @TempDir
    Path dir;

    @Test
    void quotesOnlyCellsThatNeedItAndEndsRecordsWithNewline() throws IOException {
        StringBuilder s = new StringBuilder();
        try (CSVPrinter csv = CsvOutput.printer(s)) {
            csv.printRecord("id", "score", "error");
            csv.printRecord("A-1", "0.25", "age: must be >= 18, was 12");
            csv.printRecord("A-2", "", "say \"no\"");
        }
        assertEquals("id,score,error\nA-1,0.25,\"age: must be >= 18, was 12\"\nA-2,,\"say \"\"no\"\"\"\n", s.toString());
    }

    @Test
    void whatItWritesCsvReaderReadsBackCellForCell() throws IOException {
        Path file = dir.resolve("round.csv");
        try (CSVPrinter csv = CsvOutput.printer(Files.newBufferedWriter(file))) {
            csv.printRecord("a", "b");
            csv.printRecord("x, y", "two\nlines");
            csv.printRecord(" padded ", "");
        }
        CsvTable t = CsvReader.read(file, CsvFormat.DEFAULT);
        assertEquals(List.of("a", "b"), t.columns());
        assertArrayEquals(new String[] {"x, y", "two\nlines"}, t.rows().get(0));
        assertArrayEquals(new String[] {" padded ", ""}, t.rows().get(1));
    }
}
