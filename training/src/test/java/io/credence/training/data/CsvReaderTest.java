package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsWithDelimitersAndEscapedQuotes() {
        CsvTable t = CsvReader.read(TestFiles.write(dir, "q.csv", "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,z,\n"),
                CsvFormat.DEFAULT);
        assertEquals(List.of("a", "b", "c"), t.columns());
        assertArrayEquals(new String[] {"1", "x, y", "say \"hi\""}, t.rows().get(0));
        assertArrayEquals(new String[] {"2", "z", ""}, t.rows().get(1));
        assertArrayEquals(new int[] {2, 4}, t.lines());
        assertEquals(64, t.sha256().length());
    }

    @Test
    void readsWhitespaceSeparatedFilesWithoutHeader() {
        CsvFormat format = DatasetSchemas.bundled("australian-credit").orElseThrow().format();
        CsvTable t = CsvReader.read(TestFiles.resource("australian-sample.dat"), format);
        assertEquals(40, t.size());
        assertEquals(List.of("A1", "A2"), t.columns().subList(0, 2));
        assertEquals("class", t.columns().get(14));
        assertArrayEquals(new String[] {"1", "22.08", "11.46"}, java.util.Arrays.copyOf(t.rows().get(0), 3));
    }

    @Test
    void refusesEmptyFileSayingWhatIsExpected() {
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(TestFiles.write(dir, "empty.csv", ""), CsvFormat.DEFAULT));
        assertTrue(e.getMessage().contains("empty.csv: the file is empty; expected a header row and data rows"), e.getMessage());
    }

    @Test
    void refusesHeaderWithoutRows() {
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(TestFiles.write(dir, "h.csv", "a,b\n"), CsvFormat.DEFAULT));
        assertTrue(e.getMessage().contains("has no data rows (only the header [a, b])"), e.getMessage());
    }

    @Test
    void refusesRowWithWrongCellCountNamingTheLine() {
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(TestFiles.write(dir, "r.csv", "a,b\n1,2\n3\n"), CsvFormat.DEFAULT));
        assertTrue(e.getMessage().contains("line 3 has 1 cells, expected 2"), e.getMessage());
    }

    @Test
    void readsQuotedCommaAndQuotedLineBreakAsOneCellEach() {
        CsvTable t = CsvReader.read(TestFiles.write(dir, "nl.csv", "a,b\n\"x, y\",\"two\nlines\"\n3,4\n"), CsvFormat.DEFAULT);
        assertArrayEquals(new String[] {"x, y", "two\nlines"}, t.rows().get(0));
        assertArrayEquals(new String[] {"3", "4"}, t.rows().get(1));
        assertArrayEquals(new int[] {2, 4}, t.lines());
    }

    @Test
    void dropsSpacesAroundCellsButKeepsThemInsideQuotes() {
        CsvTable t = CsvReader.read(TestFiles.write(dir, "s.csv", "a;b\n 1 ; \" x \" \n"), new CsvFormat(";", true, null, null));
        assertArrayEquals(new String[] {"1", " x "}, t.rows().get(0));
    }

    @Test
    void refusesUnterminatedQuoteNamingTheLine() {
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(TestFiles.write(dir, "u.csv", "a,b\n1,2\n\n3,\"open\n"), CsvFormat.DEFAULT));
        assertTrue(e.getMessage().contains("u.csv: line 4 has an unterminated quoted field"), e.getMessage());
    }
}
