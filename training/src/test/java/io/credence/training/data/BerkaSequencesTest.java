package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic tables in the PKDD'99 layout (no real Berka data is committed). */
class BerkaSequencesTest {

    @TempDir
    Path dir;

    private void tables() {
        TestFiles.write(dir, "loan.csv", String.join("\n",
                "\"loan_id\";\"account_id\";\"date\";\"amount\";\"duration\";\"payments\";\"status\"",
                "1;10;970110;1000;12;90.00;\"A\"",
                "2;20;970210;2000;24;95.00;\"D\"",
                "3;30;970310;3000;36;99.00;\"C\"", ""));
        TestFiles.write(dir, "trans.csv", String.join("\r\n",
                "trans_id;account_id;date;type;operation;amount;balance;k_symbol;bank;account",
                "5;10;970101;withdrawal;remittance to another bank;50.00;450.00;;;",
                "4;10;961201;credit;credit in cash;500.00;500.00;;;",
                "6;10;970115;credit;credit in cash;10.00;460.00;;;",
                "7;20;970101;credit;credit in cash;1.00;1.00;;;",
                "8;20;970102;credit;credit in cash;2.00;3.00;;;",
                "9;20;970103;withdrawal in cash;withdrawal in cash;1.00;2.00;;;",
                "10;20;970104;credit;credit in cash;4.00;6.00;;;", ""));
    }

    @Test
    void keepsTheMostRecentPreLoanTransactionsOldestFirstAndPadsOnTheLeft() throws IOException {
        tables();
        Path out = dir.resolve("berka.csv");
        BerkaSequences.Summary s = BerkaSequences.prepare(dir, "trans.csv", 3, out);
        assertEquals(new BerkaSequences.Summary(2, 1, 1, 1), s);
        List<String> lines = Files.readAllLines(out);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String[] loan1 = lines.get(1).split(",");
        String[] loan2 = lines.get(2).split(",");
        // loan 1: two transactions before 1997-01-10 (the one on 01-15 is after the loan): padded to 3
        assertEquals("2", loan1[header.indexOf("n_transactions")]);
        assertEquals("40", loan1[header.indexOf("account_age_days")]);
        assertEquals(List.of("0", "500", "-50"), List.of(loan1[header.indexOf("amount_01")], loan1[header.indexOf("amount_02")],
                loan1[header.indexOf("amount_03")]));
        assertEquals(List.of("0", "1", "1"), List.of(loan1[header.indexOf("present_01")], loan1[header.indexOf("present_02")],
                loan1[header.indexOf("present_03")]));
        assertEquals("9", loan1[header.indexOf("days_before_loan_03")]);
        assertEquals("0", loan1[header.indexOf("bad")]);
        // loan 2: four transactions, the oldest is dropped
        assertEquals(List.of("2", "-1", "4"), List.of(loan2[header.indexOf("amount_01")], loan2[header.indexOf("amount_02")],
                loan2[header.indexOf("amount_03")]));
        assertEquals("6", loan2[header.indexOf("balance_03")]);
        assertEquals("1", loan2[header.indexOf("bad")]);
        assertEquals("D", loan2[header.indexOf("status")]);
    }

    @Test
    void bundledSchemaReadsThePreparedFile() {
        tables();
        Path out = dir.resolve("berka.csv");
        BerkaSequences.prepare(dir, "trans.csv", BerkaSequences.DEFAULT_STEPS, out);
        DatasetSchema schema = DatasetSchemas.bundled("berka-pkdd99").orElseThrow();
        Dataset d = Dataset.load(out, schema, "bad", "1");
        FittedEncoding e = FittedEncoding.fit(d, new int[] {0, 1}, FittedEncoding.Layout.SEQUENCE);
        assertEquals(24, e.sequenceSteps());
        assertEquals(4, e.sequenceChannels());
        assertTrue(e.encode(d, new int[] {0, 1}).sequence()[0][0].length == 4);
    }
}
