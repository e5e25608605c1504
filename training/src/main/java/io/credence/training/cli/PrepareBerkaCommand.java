package io.credence.training.cli;

import io.credence.training.data.BerkaSequences;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prepare-berka}: one CSV row per PKDD'99 loan with its fixed-length transaction history. */
@Command(name = "prepare-berka", sortOptions = false,
        description = {"Builds a per-loan CSV from the PKDD'99 (Berka) tables: loan facts plus the --steps most recent"
                + " pre-loan transactions (oldest first, left-padded with present=0), target column 'bad' (status B or D).",
            "Train on it with --schema training/schemas/berka-pkdd99.json --target bad --bad 1 --arch gru|cnn|mlp."})
public final class PrepareBerkaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Folder with loan.csv and the transactions.")
    Path dir;

    @Option(names = "--transactions", defaultValue = "trans_preloan_1997_1998.csv",
            description = "Transaction file inside --data-dir (default: ${DEFAULT-VALUE}).")
    String transactions;

    @Option(names = "--steps", defaultValue = "24",
            description = "Most recent transactions kept per loan (default: ${DEFAULT-VALUE}; the bundled schema expects 24).")
    int steps;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Per-loan CSV to write.")
    Path out;

    @Override
    public Integer call() {
        BerkaSequences.Summary s = BerkaSequences.prepare(dir, transactions, steps, out);
        PrintWriter log = spec.commandLine().getOut();
        log.printf("wrote %s: %d loans (%d bad), %d histories truncated to the %d most recent transactions,"
                + " %d loans skipped (no transactions)%n", out, s.loans(), s.bad(), s.truncated(), steps,
                s.skippedWithoutTransactions());
        log.flush();
        return 0;
    }
}
