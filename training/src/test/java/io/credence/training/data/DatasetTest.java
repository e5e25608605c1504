package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Path file(String text) {
        return TestFiles.write(dir, "loans.csv", text);
    }

    @Test
    void missingTargetColumnNamesTheColumnAndListsTheColumns() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.load(file("income,status\n1,good\n2,bad\n"), null, "default", "1"));
        assertTrue(e.getMessage().contains("target column 'default' not found; the columns are [income, status]"), e.getMessage());
    }

    @Test
    void textInNumericColumnNamesColumnRowAndValue() {
        DatasetSchema schema = new DatasetSchema("loans", null, null, null, null, null, null,
                List.of(DatasetSchema.Column.numeric("income")), null);
        DataException e = assertThrows(DataException.class,
                () -> Dataset.load(file("income,y\n10,0\n12,1\nabc,0\n"), schema, "y", "1"));
        assertTrue(e.getMessage().contains("column 'income', row 3 (line 4): 'abc' is not a number"), e.getMessage());
    }

    @Test
    void unknownBadValueListsTheTargetValues() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.load(file("income,y\n10,good\n12,bad\n"), null, "y", "defaulted"));
        assertTrue(e.getMessage().contains("--bad 'defaulted' does not occur in target column 'y'; its values are [good, bad]"),
                e.getMessage());
    }

    @Test
    void emptyFileIsRefused() {
        DataException e = assertThrows(DataException.class, () -> Dataset.load(file(""), null, "y", "1"));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
    }

    @Test
    void badValueMatchesNumericallyAndLabelsRows() {
        Dataset d = Dataset.load(file("x,y\n1,1.0\n2,0\n3,1\n"), null, "y", "1");
        assertEquals(List.of(1f, 0f, 1f), List.of(d.labels()[0], d.labels()[1], d.labels()[2]));
    }

    @Test
    void schemaColumnMissingFromFileIsNamed() {
        DatasetSchema schema = new DatasetSchema("loans", null, null, null, null, null, null,
                List.of(DatasetSchema.Column.numeric("income"), DatasetSchema.Column.numeric("debt")), null);
        DataException e = assertThrows(DataException.class, () -> Dataset.load(file("income,y\n1,0\n2,1\n"), schema, "y", "1"));
        assertTrue(e.getMessage().contains("names column 'debt', which the file does not have"), e.getMessage());
    }

    @Test
    void naTokensAndEmptyCellsAreMissing() {
        Dataset d = Dataset.load(file("income,job,y\nNA,a,0\n,b,1\n5,,0\n"), null, "y", "1");
        assertTrue(Double.isNaN(d.numbers("income")[0]));
        assertTrue(Double.isNaN(d.numbers("income")[1]));
        assertEquals(5.0, d.numbers("income")[2]);
        assertEquals(null, d.codes("job")[2]);
    }
}
