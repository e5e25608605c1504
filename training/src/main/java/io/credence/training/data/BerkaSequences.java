package io.credence.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * Turns the PKDD'99 (Berka) tables into one CSV row per loan with a fixed-length transaction
 * history, so that the ordinary schema/CSV path can train a CNN or GRU on it.
 *
 * <p><b>Rule.</b> For each loan whose account has transactions, the transactions dated strictly
 * before the loan date are sorted by date, then transaction id, and the {@code steps} most recent
 * are kept (older ones are dropped). Step 1 is the oldest kept, step {@code steps} the most recent.
 * A history shorter than {@code steps} is left-padded: padding steps have amount 0, balance 0,
 * days-before-loan 0 and {@code present} 0 (1 for real transactions), so the network can tell
 * padding from data. Loans without any transaction are skipped.
 *
 * <p>Columns: {@code loan_id, loan_amount, loan_duration, loan_payments, n_transactions,
 * account_age_days, amount_01..NN} (signed: credits positive, withdrawals negative),
 * {@code balance_01..NN} (balance after the transaction), {@code days_before_loan_01..NN},
 * {@code present_01..NN}, {@code status} (A-D) and {@code bad} (1 for B or D).
 */
public final class BerkaSequences {

    /** Default number of most recent transactions kept per loan. */
    public static final int DEFAULT_STEPS = 24;

    private BerkaSequences() {
    }

    /** What was written. */
    public record Summary(int loans, int bad, int skippedWithoutTransactions, int truncated) {
    }

    /**
     * Reads {@code loan.csv} and the transaction file from {@code dir} and writes the per-loan CSV.
     *
     * @param transactions file name of the transactions inside {@code dir}
     */
    public static Summary prepare(Path dir, String transactions, int steps, Path out) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
        }
        CsvFormat semicolon = new CsvFormat(";", true, null, List.of());
        CsvTable loans = CsvReader.read(dir.resolve("loan.csv"), semicolon);
        CsvTable trans = CsvReader.read(dir.resolve(transactions), semicolon);
        Map<String, Integer> li = require(loans, "loan_id", "account_id", "date", "amount", "duration", "payments", "status");
        Map<String, Integer> ti = require(trans, "trans_id", "account_id", "date", "type", "amount", "balance");

        Map<String, List<Tx>> byAccount = new HashMap<>();
        for (int r = 0; r < trans.size(); r++) {
            String[] c = trans.rows().get(r);
            double amount = number(trans, r, "amount", c[ti.get("amount")]);
            String type = c[ti.get("type")].trim().toLowerCase(Locale.ROOT);
            double signed = type.equals("credit") ? amount : -amount;
            byAccount.computeIfAbsent(c[ti.get("account_id")].trim(), k -> new ArrayList<>()).add(new Tx(
                    (long) number(trans, r, "trans_id", c[ti.get("trans_id")]), date(trans, r, c[ti.get("date")]), signed,
                    number(trans, r, "balance", c[ti.get("balance")])));
        }
        Comparator<Tx> order = Comparator.comparing(Tx::date).thenComparingLong(Tx::id);
        byAccount.values().forEach(list -> list.sort(order));

        List<List<String>> records = new ArrayList<>();
        int written = 0;
        int bad = 0;
        int skipped = 0;
        int truncated = 0;
        for (int r = 0; r < loans.size(); r++) {
            String[] c = loans.rows().get(r);
            LocalDate granted = date(loans, r, c[li.get("date")]);
            List<Tx> history = byAccount.getOrDefault(c[li.get("account_id")].trim(), List.of()).stream()
                    .filter(t -> t.date().isBefore(granted)).toList();
            if (history.isEmpty()) {
                skipped++;
                continue;
            }
            if (history.size() > steps) {
                truncated++;
            }
            List<Tx> kept = history.subList(Math.max(0, history.size() - steps), history.size());
            int pad = steps - kept.size();
            String status = c[li.get("status")].trim();
            boolean isBad = status.equals("B") || status.equals("D");
            bad += isBad ? 1 : 0;
            List<String> row = new ArrayList<>(List.of(c[li.get("loan_id")].trim(), c[li.get("amount")].trim(),
                    c[li.get("duration")].trim(), c[li.get("payments")].trim(), Integer.toString(history.size()),
                    Long.toString(ChronoUnit.DAYS.between(history.get(0).date(), granted))));
            for (int channel = 0; channel < 4; channel++) {
                for (int t = 0; t < steps; t++) {
                    if (t < pad) {
                        row.add("0");
                        continue;
                    }
                    Tx tx = kept.get(t - pad);
                    row.add(switch (channel) {
                        case 0 -> format(tx.amount());
                        case 1 -> format(tx.balance());
                        case 2 -> Long.toString(ChronoUnit.DAYS.between(tx.date(), granted));
                        default -> "1";
                    });
                }
            }
            row.add(status);
            row.add(isBad ? "1" : "0");
            records.add(row);
            written++;
        }
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (CSVPrinter csv = CsvOutput.printer(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                csv.printRecord(columns(steps));
                csv.printRecords(records);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return new Summary(written, bad, skipped, truncated);
    }

    /** The column names of the per-loan CSV, in order. */
    public static List<String> columns(int steps) {
        List<String> names = new ArrayList<>(List.of("loan_id", "loan_amount", "loan_duration", "loan_payments",
                "n_transactions", "account_age_days"));
        for (String channel : new String[] {"amount", "balance", "days_before_loan", "present"}) {
            for (int t = 1; t <= steps; t++) {
                names.add(channel + String.format(Locale.ROOT, "_%02d", t));
            }
        }
        names.add("status");
        names.add("bad");
        return names;
    }

    private record Tx(long id, LocalDate date, double amount, double balance) {
    }

    private static Map<String, Integer> require(CsvTable table, String... columns) {
        Map<String, Integer> index = table.index();
        for (String c : columns) {
            if (!index.containsKey(c)) {
                throw new DataException(table.source() + ": column '" + c + "' not found; the columns are " + table.columns());
            }
        }
        return index;
    }

    private static double number(CsvTable table, int row, String column, String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new DataException(table.source() + ": column '" + column + "', row " + (row + 1) + " (line "
                    + table.lines()[row] + "): '" + cell + "' is not a number", e);
        }
    }

    /** YYMMDD, years 19YY (the data covers 1993-1998). */
    private static LocalDate date(CsvTable table, int row, String cell) {
        String s = cell.trim();
        if (!s.matches("\\d{6}")) {
            throw new DataException(table.source() + ": row " + (row + 1) + " (line " + table.lines()[row] + "): date '"
                    + cell + "' is not YYMMDD");
        }
        return LocalDate.of(1900 + Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(2, 4)),
                Integer.parseInt(s.substring(4, 6)));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
