package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.encode.SourceColumns;
import io.credence.training.nn.NetworkInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema that reads a data set's coded columns under business names and values
 * ({@code checking_status} {@code A11} as {@code checkingAccount} {@code NEGATIVE}).
 */
class BusinessVocabularyTest {

    @TempDir
    Path dir;

    private static final String CSV = "checking_status,duration_months,class\nA14,12,1\nA11,24,2\nA12,6,1\nA14,48,2\n";

    private static Map<String, String> checkingCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("A11", "NEGATIVE");
        codes.put("A12", "LOW");
        codes.put("A13", "HIGH");
        codes.put("A14", "NONE");
        return codes;
    }

    private static DatasetSchema schema(Map<String, String> codes) {
        return new DatasetSchema("german-business", null, null, null, null, null, null, List.of(
                new DatasetSchema.Column("checkingAccount", ColumnType.CATEGORICAL, null, null, null, "checking_status", codes),
                new DatasetSchema.Column("durationMonths", ColumnType.NUMERIC, null, null, null, "duration_months", null)),
                null);
    }

    private static int[] all(Dataset d) {
        return IntStream.range(0, d.rows()).toArray();
    }

    @Test
    void codedColumnsAreReadUnderTheirBusinessNamesAndValues() {
        Dataset d = Dataset.load(TestFiles.write(dir, "g.csv", CSV), schema(checkingCodes()), "class", "2");
        assertArrayEquals(new String[] {"NONE", "NEGATIVE", "LOW", "NONE"}, d.codes("checkingAccount"));
        assertArrayEquals(new double[] {12, 24, 6, 48}, d.numbers("durationMonths"));
        FittedEncoding e = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT);
        List<FeatureSpec> features = e.inputs().get(0).features();
        assertEquals(List.of("checkingAccount", "durationMonths"), features.stream().map(FeatureSpec::name).toList());
        // The codes' order, not the alphabet's: the one-hot slots the codes themselves would get.
        assertEquals(List.of("NEGATIVE", "LOW", "NONE"), features.get(0).vocabulary());
        assertEquals("NONE", e.reference().get("checkingAccount"));
    }

    @Test
    void theEncodedRowsAreTheSameAsUnderTheDataSetsCodes() {
        Dataset business = Dataset.load(TestFiles.write(dir, "b.csv", CSV), schema(checkingCodes()), "class", "2");
        Dataset coded = Dataset.load(TestFiles.write(dir, "c.csv", CSV), new DatasetSchema("german-codes", null, null, null,
                null, null, null, List.of(DatasetSchema.Column.categorical("checking_status"),
                DatasetSchema.Column.numeric("duration_months")), null), "class", "2");
        NetworkInput a = FittedEncoding.fit(business, all(business), FittedEncoding.Layout.FLAT).encode(business, all(business));
        NetworkInput b = FittedEncoding.fit(coded, all(coded), FittedEncoding.Layout.FLAT).encode(coded, all(coded));
        for (int r = 0; r < a.tabular().length; r++) {
            assertArrayEquals(b.tabular()[r], a.tabular()[r], "row " + r);
        }
    }

    @Test
    void theCardRecordsTheColumnsAndCodesSoTheDataSetsFileScoresAsItIs() {
        Dataset d = Dataset.load(TestFiles.write(dir, "p.csv", CSV), schema(checkingCodes()), "class", "2");
        FittedEncoding e = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT);
        assertEquals("checking_status", e.properties().get("csv.column.checkingAccount"));
        assertEquals("duration_months", e.properties().get("csv.column.durationMonths"));
        assertEquals("A11=NEGATIVE,A12=LOW,A13=HIGH,A14=NONE", e.properties().get("csv.codes.checkingAccount"));
        SourceColumns columns = new SourceColumns(Map.of("checkingAccount", "checking_status"),
                Map.of("checkingAccount", checkingCodes()), Map.of());
        Map<String, Object> raw = Map.of("checking_status", "A12");
        assertEquals("LOW", columns.features(c -> raw.getOrDefault(c, io.credence.plugin.encode.FeatureSource.ABSENT))
                .feature("checkingAccount"));
    }

    @Test
    void aCellThatIsNoneOfTheCodesIsRefusedWithItsLine() {
        Path file = TestFiles.write(dir, "x.csv", CSV + "A15,12,1\n");
        DataException e = assertThrows(DataException.class, () -> Dataset.load(file, schema(checkingCodes()), "class", "2"));
        assertTrue(e.getMessage().contains("column 'checkingAccount' (CSV column 'checking_status'), row 5 (line 6): 'A15'"
                + " is none of the codes [A11, A12, A13, A14]"), e.getMessage());
    }

    @Test
    void aMissingSourceColumnIsNamed() {
        Path file = TestFiles.write(dir, "m.csv", "duration_months,class\n12,1\n24,2\n");
        DataException e = assertThrows(DataException.class, () -> Dataset.load(file, schema(checkingCodes()), "class", "2"));
        assertTrue(e.getMessage().contains("names column 'checking_status'"), e.getMessage());
    }

    @Test
    void schemasRefuseCodesThatCannotBeABusinessVocabulary() {
        Map<String, String> twice = new LinkedHashMap<>(checkingCodes());
        twice.put("A13", "LOW");
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> schema(twice));
        assertTrue(same.getMessage().contains("two codes become 'LOW'"), same.getMessage());
        IllegalArgumentException numeric = assertThrows(IllegalArgumentException.class, () -> new DatasetSchema.Column(
                "durationMonths", ColumnType.NUMERIC, null, null, null, "duration_months", checkingCodes()));
        assertTrue(numeric.getMessage().contains("a numeric column has no codes"), numeric.getMessage());
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> new DatasetSchema("s", null,
                null, null, null, null, null, List.of(new DatasetSchema.Column("a", ColumnType.NUMERIC, null, null, null, "x", null),
                new DatasetSchema.Column("b", ColumnType.NUMERIC, null, null, null, "x", null)), null));
        assertTrue(shared.getMessage().contains("CSV column 'x' is read by two features"), shared.getMessage());
    }

    @Test
    void theBundledGermanSchemaMapsEveryCodeOfTheCommittedFile() {
        DatasetSchema schema = DatasetSchemas.bundled("credit-default").orElseThrow();
        DatasetSchema.Column checking = schema.features().get(0);
        assertEquals("checkingAccount", checking.name());
        assertEquals("checking_status", checking.source());
        assertEquals(List.of("NEGATIVE", "LOW", "HIGH", "NONE"), List.copyOf(checking.codes().values()));
        Path committed = Path.of("data", "german-credit", "german-credit-train.csv");
        Dataset d = Dataset.load(committed, schema, "class", "2");
        for (DatasetSchema.Column c : schema.features()) {
            if (!c.codes().isEmpty()) {
                for (String v : d.codes(c.name())) {
                    assertTrue(c.codes().containsValue(v), c.name() + ": " + v);
                }
            }
        }
    }
}
