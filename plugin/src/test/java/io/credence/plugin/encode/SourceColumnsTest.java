package io.credence.plugin.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceColumnsTest {

    private static final SourceColumns COLUMNS = new SourceColumns(
            Map.of("checkingAccount", "checking_status"),
            Map.of("checkingAccount", codes()),
            Map.of("billAmount", List.of("BILL_AMT2", "BILL_AMT1")));

    private static Map<String, String> codes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("A11", "NEGATIVE");
        codes.put("A14", "NONE");
        return codes;
    }

    private static FeatureSource row(Map<String, Object> cells) {
        return COLUMNS.features(c -> cells.containsKey(c) ? cells.get(c) : FeatureSource.ABSENT);
    }

    @Test
    void aDataSetRowReadsUnderTheCardsNamesAndValues() {
        Map<String, Object> cells = new HashMap<>(Map.of("checking_status", "A11", "BILL_AMT1", 20.0, "BILL_AMT2", 10.0));
        cells.put("age", null);
        FeatureSource source = row(cells);
        assertEquals("NEGATIVE", source.feature("checkingAccount"));
        assertEquals(List.of(10.0, 20.0), source.feature("billAmount"), "oldest first");
        assertEquals(null, source.feature("age"), "a missing cell stays missing");
        assertEquals(FeatureSource.ABSENT, source.feature("housing"));
    }

    @Test
    void aRowAlreadyInBusinessTermsAndUnknownCodesPassThrough() {
        assertEquals("NONE", row(Map.of("checkingAccount", "NONE")).feature("checkingAccount"));
        assertEquals("A15", row(Map.of("checking_status", "A15")).feature("checkingAccount"), "the encoder judges it");
        assertEquals(FeatureSource.ABSENT, row(Map.of("BILL_AMT1", 1.0)).feature("billAmount"), "a step's column is missing");
    }

    @Test
    void columnsMapBackToTheirFeatures() {
        assertEquals("checkingAccount", COLUMNS.featureOf("checking_status"));
        assertEquals("purpose", COLUMNS.featureOf("purpose"));
        assertEquals("NONE", COLUMNS.valueOf("checkingAccount", "A14"));
        assertEquals(3, COLUMNS.valueOf("checkingAccount", 3));
    }

    @Test
    void codesAreWrittenInOrderAndRefuseTheSeparators() {
        assertEquals("A11=NEGATIVE,A14=NONE", SourceColumns.formatCodes(codes()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceColumns.formatCodes(Map.of("A,1", "X")));
        assertTrue(e.getMessage().contains("neither may contain"), e.getMessage());
    }
}
