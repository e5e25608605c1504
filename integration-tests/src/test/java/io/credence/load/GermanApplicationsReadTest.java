package io.credence.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GermanApplicationsReadTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("german.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void readsAQuotedCommaAndAQuotedLineBreakAsOneCellEach() throws IOException {
        List<Map<String, String>> rows = GermanApplications.read(write(
                "age_years,credit_amount,duration_months,purpose\n30,1000,12,\"car, used\"\n\n41,2000,24,\"two\nlines\"\n"));
        assertEquals(2, rows.size());
        assertEquals("car, used", rows.get(0).get("purpose"));
        assertEquals("two\nlines", rows.get(1).get("purpose"));
        assertEquals("41", rows.get(1).get("age_years"));
    }

    @Test
    void keepsSpacesAroundCells() throws IOException {
        List<Map<String, String>> rows = GermanApplications.read(write("age_years,credit_amount,duration_months\n 30,1000 ,12\n"));
        assertEquals(" 30", rows.get(0).get("age_years"));
        assertEquals("1000 ", rows.get(0).get("credit_amount"));
    }

    @Test
    void refusesARowWithTheWrongCellCountNamingTheLine() throws IOException {
        Path csv = write("age_years,credit_amount,duration_months\n30,1000,12\n31,1000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GermanApplications.read(csv));
        assertTrue(e.getMessage().contains("german.csv line 3: 2 cells, expected 3"), e.getMessage());
    }

    @Test
    void refusesAFileWithoutTheRequiredColumns() throws IOException {
        Path csv = write("age_years,credit_amount\n30,1000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GermanApplications.read(csv));
        assertTrue(e.getMessage().contains("has no column duration_months"), e.getMessage());
    }
}
