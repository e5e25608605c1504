package io.credence.plugin.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvRecordTest {

    @Test
    void readsAQuotedFieldWithACommaAsOneCell() {
        assertEquals(Optional.of(List.of("age", "+", "AGE", "Age, in years")), CsvRecord.split("age,+,AGE,\"Age, in years\""));
    }

    @Test
    void readsDoubledQuotesAsOneQuote() {
        assertEquals(Optional.of(List.of("say \"hi\"", "")), CsvRecord.split("\"say \"\"hi\"\"\","));
    }

    @Test
    void keepsSpacesAroundCells() {
        assertEquals(Optional.of(List.of(" a ", "  b")), CsvRecord.split(" a ,  b"));
    }

    @Test
    void keepsEmptyCellsAtBothEnds() {
        assertEquals(Optional.of(List.of("", "x", "")), CsvRecord.split(",x,"));
        assertEquals(Optional.of(List.of("")), CsvRecord.split(""));
    }

    @Test
    void refusesAQuoteNotClosedOnTheLine() {
        assertEquals(Optional.empty(), CsvRecord.split("a,\"open"));
    }

    @Test
    void readsAQuotedLineBreakAsOneCell() {
        assertEquals(Optional.of(List.of("a", "two\nlines")), CsvRecord.split("a,\"two\nlines\""));
    }

    @Test
    void refusesTextHoldingTwoRecords() {
        assertEquals(Optional.empty(), CsvRecord.split("a,b\nc,d"));
    }
}
