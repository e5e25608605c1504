package io.credence.training.data;

import java.io.IOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * How the training tools write CSV: Apache Commons CSV, comma-separated, {@code \n} after each
 * record, a cell quoted only where it needs it (a comma, a quote, a line break, leading or
 * trailing spaces).
 *
 * <pre>{@code
 * try (CSVPrinter csv = CsvOutput.printer(Files.newBufferedWriter(out))) {
 *     csv.printRecord("model", "fold", "auc");
 * }
 * }</pre>
 */
public final class CsvOutput {

    /** The format every CSV file written by the training tools uses. */
    public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private CsvOutput() {
    }

    /** A printer writing {@link #FORMAT} to {@code out}; closing it closes {@code out}. */
    public static CSVPrinter printer(Appendable out) throws IOException {
        return new CSVPrinter(out, FORMAT);
    }
}
