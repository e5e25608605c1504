package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.MissingValue;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.training.nn.NetworkInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FittedEncodingTest {

    @TempDir
    Path dir;

    private static int[] all(Dataset d) {
        return IntStream.range(0, d.rows()).toArray();
    }

    @Test
    void inferredSchemaReadsNumbersAsNumericAndTextAsCategoricalAndSkipsId() {
        Dataset d = Dataset.load(TestFiles.write(dir, "a.csv", "id,age,home,y\n1,30,own,0\n2,40,rent,1\n3,NA,own,0\n"),
                null, "y", "1");
        FittedEncoding e = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT);
        List<FeatureSpec> features = e.inputs().get(0).features();
        assertEquals(List.of("age", "home"), features.stream().map(FeatureSpec::name).toList());
        assertEquals(FeatureType.NUMERIC, features.get(0).type());
        assertEquals(FeatureType.CATEGORICAL, features.get(1).type());
        assertEquals(List.of("id"), d.schema().ignore());
    }

    @Test
    void missingNumbersAreImputedWithTheTrainingMedianAndFlagged() {
        Dataset d = Dataset.load(TestFiles.write(dir, "m.csv", "x,y\n1,0\n2,1\n10,0\nNA,1\n"), null, "y", "1");
        FittedEncoding e = FittedEncoding.fit(d, new int[] {0, 1, 2, 3}, FittedEncoding.Layout.FLAT);
        FeatureSpec x = e.inputs().get(0).features().get(0);
        assertEquals(new MissingValue(MissingValue.Policy.impute, 2.0, true), x.missing());
        assertEquals(List.of("x", "x:missing"), x.encodedColumnNames());
        NetworkInput rows = e.encode(d, new int[] {3, 1});
        double mean = (1 + 2 + 10) / 3.0;
        double sd = Math.sqrt(((1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (10 - mean) * (10 - mean)) / 3);
        assertEquals((2 - mean) / sd, rows.tabular()[0][0], 1e-5);
        assertEquals(1f, rows.tabular()[0][1]);
        assertEquals(0f, rows.tabular()[1][1]);
    }

    @Test
    void columnsWithoutMissingValuesRejectMissingAtServingTime() {
        Dataset d = Dataset.load(TestFiles.write(dir, "n.csv", "x,y\n1,0\n2,1\n"), null, "y", "1");
        FeatureSpec x = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT).inputs().get(0).features().get(0);
        assertEquals(MissingValue.REJECT, x.missing());
        assertEquals(1, x.width());
    }

    @Test
    void statisticsComeFromTrainingRowsOnly() {
        Dataset d = Dataset.load(TestFiles.write(dir, "s.csv", "x,c,y\n1,a,0\n3,a,1\n1000,zz,0\n"), null, "y", "1");
        FittedEncoding e = FittedEncoding.fit(d, new int[] {0, 1}, FittedEncoding.Layout.FLAT);
        FeatureSpec x = e.inputs().get(0).features().get(0);
        assertEquals(2.0, x.scaling().center(), 1e-12);
        assertEquals(1.0, x.scaling().scale(), 1e-12);
        assertEquals(List.of("a"), e.inputs().get(0).features().get(1).vocabulary());
    }

    @Test
    void categoriesUnseenInTrainingEncodeAsAllZeros() {
        Dataset d = Dataset.load(TestFiles.write(dir, "u.csv", "c,y\nred,0\nblue,1\ngreen,0\n"), null, "y", "1");
        FittedEncoding e = FittedEncoding.fit(d, new int[] {0, 1}, FittedEncoding.Layout.FLAT);
        FeatureSpec c = e.inputs().get(0).features().get(0);
        assertEquals(List.of("blue", "red"), c.vocabulary());
        assertEquals(FeatureSpec.UnknownCategory.zero, c.unknown());
        NetworkInput rows = e.encode(d, new int[] {2, 0});
        assertArrayEquals(new float[] {0f, 0f}, rows.tabular()[0]);
        assertArrayEquals(new float[] {0f, 1f}, rows.tabular()[1]);
    }

    @Test
    void unseenCategoryUnderRejectPolicyNamesTheRowAndValue() {
        DatasetSchema schema = new DatasetSchema("colours", null, null, null, null, null, null,
                List.of(new DatasetSchema.Column("c", ColumnType.CATEGORICAL, null, FeatureSpec.UnknownCategory.reject, null)),
                null);
        Dataset d = Dataset.load(TestFiles.write(dir, "r.csv", "c,y\nred,0\nblue,1\ngreen,0\n"), schema, "y", "1");
        FittedEncoding e = FittedEncoding.fit(d, new int[] {0, 1}, FittedEncoding.Layout.FLAT);
        DataException ex = assertThrows(DataException.class, () -> e.encode(d, new int[] {2}));
        assertTrue(ex.getMessage().contains("row 3 (line 4) cannot be encoded")
                && ex.getMessage().contains("feature 'c': got \"green\", expected one of [blue, red]"), ex.getMessage());
    }

    @Test
    void missingCategoriesAreImputedWithTheMostFrequentCodeAndFlagged() {
        Dataset d = Dataset.load(TestFiles.write(dir, "c.csv", "c,y\na,0\nb,1\nb,0\n,1\n"), null, "y", "1");
        FeatureSpec c = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT).inputs().get(0).features().get(0);
        assertEquals(new MissingValue(MissingValue.Policy.impute, "b", true), c.missing());
        assertArrayEquals(new float[] {0f, 1f, 1f},
                FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT).encode(d, new int[] {3}).tabular()[0]);
    }

    @Test
    void taiwanHistoryBecomesSixStepsOfThreeChannelsOldestFirst() {
        DatasetSchema schema = DatasetSchemas.bundled("taiwan-credit-default").orElseThrow();
        Dataset d = Dataset.load(TestFiles.resource("taiwan-credit-default-sample.csv"), schema,
                "default_payment_next_month", "1");
        FittedEncoding seq = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.SEQUENCE);
        assertEquals(2, seq.inputs().size());
        InputSpec history = seq.inputs().get(1);
        assertEquals(InputSpec.Layout.sequence, history.layout());
        assertEquals(6, seq.sequenceSteps());
        assertEquals(3, seq.sequenceChannels());
        assertEquals(List.of("repayment_status", "bill_amount", "payment_amount"),
                history.features().stream().map(FeatureSpec::name).toList());
        assertEquals("PAY_6,PAY_5,PAY_4,PAY_3,PAY_2,PAY_0", seq.properties().get("csv.sequence.repayment_status"));
        NetworkInput rows = seq.encode(d, new int[] {0});
        FeatureSpec status = history.features().get(0);
        // row 1: PAY_0=2 (most recent, last step), PAY_6=-2 (oldest, first step)
        assertEquals(status.scaling().apply(-2), rows.sequence()[0][0][0], 1e-5);
        assertEquals(status.scaling().apply(2), rows.sequence()[0][5][0], 1e-5);
        assertEquals(seq.tabularWidth(), rows.tabular()[0].length);

        FittedEncoding flat = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT);
        assertEquals(1, flat.inputs().size());
        // repayment status is declared flatType categorical: one-hot per month for the MLP
        assertTrue(flat.tabularColumnNames().containsAll(List.of("PAY_0=0", "PAY_0=-1", "BILL_AMT6", "PAY_AMT3", "LIMIT_BAL",
                "SEX=1")), flat.tabularColumnNames().toString());
        assertNull(flat.encode(d, new int[] {0}).sequence());
    }

    @Test
    void sequenceLayoutWithoutDeclaredSequenceSaysHowToFixIt() {
        Dataset d = Dataset.load(TestFiles.write(dir, "f.csv", "x,y\n1,0\n2,1\n"), null, "y", "1");
        DataException e = assertThrows(DataException.class,
                () -> FittedEncoding.fit(d, all(d), FittedEncoding.Layout.SEQUENCE));
        assertTrue(e.getMessage().contains("declares no sequence input; CNN and GRU need one"), e.getMessage());
    }

    @Test
    void encodingMatchesThePluginEncoderOnTheCard() {
        Dataset d = Dataset.load(TestFiles.resource("german-credit-sample.csv"),
                DatasetSchemas.bundled("german-credit").orElseThrow(), "class", "2");
        FittedEncoding e = FittedEncoding.fit(d, all(d), FittedEncoding.Layout.FLAT);
        var card = e.card("g", "1.0.0", "d", new io.credence.plugin.card.OutputSpec("probability", 0, "p"),
                new io.credence.plugin.card.TrainingData("g.csv", d.table().sha256(), d.rows(), null), Map.of(), Map.of());
        Map<String, Object> application = new java.util.HashMap<>();
        String[] cells = d.table().rows().get(7);
        for (int c = 0; c < cells.length; c++) {
            application.put(d.table().columns().get(c), cells[c]);
        }
        float[] served = new FeatureEncoder(card).encode(io.credence.plugin.encode.FeatureLookup.of(application)).values().get(0);
        assertArrayEquals(served, e.encode(d, new int[] {7}).tabular()[0], 1e-6f);
        assertNotNull(card.inputs().get(0).features().get(0).description());
    }
}
