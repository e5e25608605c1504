package io.credence.training.cli;

import io.credence.training.data.CsvOutput;
import io.credence.training.data.Dataset;
import io.credence.training.eval.Fold;
import io.credence.training.eval.XgboostBaseline;
import io.credence.training.nn.Architecture;
import io.credence.training.pipeline.Candidate;
import io.credence.training.pipeline.CrossValidator;
import io.credence.training.pipeline.CvResult;
import io.credence.training.pipeline.Hyperparameters;
import io.credence.training.report.Report;
import io.credence.training.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compare}: cross-validates architectures and baselines on the same folds. */
@Command(name = "compare", sortOptions = false,
        description = {"Cross-validates network architectures and baselines on the same seeded stratified folds.",
            "Writes DIR/report.html, DIR/comparison.md and DIR/comparison.csv."})
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    TuningOptions tuning = new TuningOptions();

    @Option(names = "--arch", split = ",", defaultValue = "mlp", paramLabel = "ARCHS",
            description = "Architectures, comma-separated: mlp, cnn, gru (default: ${DEFAULT-VALUE}).")
    List<String> archs;

    @Option(names = "--baselines", split = ",", defaultValue = "lr", paramLabel = "NAMES",
            description = "Baselines, comma-separated: lr (L2 logistic regression), xgboost, none (default: ${DEFAULT-VALUE}).")
    List<String> baselines;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for folds, splits and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the report and tables.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        List<Candidate> candidates = new ArrayList<>();
        Dataset data = dataOptions.load(log);
        Set<Architecture> architectures = new LinkedHashSet<>();
        for (String a : archs) {
            architectures.add(TuningOptions.architecture(a));
        }
        for (Hyperparameters hp : tuning.resolve(network, architectures, data)) {
            log.println("network: " + hp.asProperties());
            candidates.add(new Candidate.Network(hp));
        }
        for (String b : new LinkedHashSet<>(baselines)) {
            switch (b.trim().toLowerCase(Locale.ROOT)) {
                case "lr" -> candidates.add(new Candidate.Logistic(1.0));
                case "xgboost" -> candidates.add(new Candidate.Xgboost(XgboostBaseline.defaults(seed)));
                case "none" -> { }
                default -> throw new IllegalArgumentException("--baselines '" + b + "' is not one of lr, xgboost, none");
            }
        }
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2, was " + folds);
        }
        List<Fold> foldList = CrossValidator.folds(data, folds, seed);
        CrossValidator cv = new CrossValidator(data, foldList, seed, line -> {
            log.println(line);
            log.flush();
        });
        List<CvResult> results = new ArrayList<>();
        for (Candidate c : candidates) {
            results.add(cv.run(c));
        }
        try {
            Files.createDirectories(out);
            String title = "Credence comparison: " + dataOptions.data.getFileName();
            String subtitle = String.format(Locale.ROOT, "%d rows, target '%s' = '%s' is bad, %d-fold stratified CV, seed %d."
                    + " Command: credence-training %s", data.rows(), data.target(), data.bad(), folds, seed,
                    String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            List<Report.Scored> scored = results.stream().map(Report.Scored::of).toList();
            List<io.credence.training.nn.EpochStats> history = results.stream().filter(r -> !r.history().isEmpty())
                    .map(CvResult::history).findFirst().orElse(List.of());
            ReportWriter.write(out.resolve("report.html"), new Report(title, subtitle, scored, history, null));
            Files.writeString(out.resolve("comparison.md"), markdown(title, subtitle, results), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("comparison.csv"), csv(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison to " + out, e);
        }
        log.print(markdown("", "", results));
        log.println("wrote " + out.resolve("report.html") + ", comparison.md, comparison.csv");
        log.flush();
        return 0;
    }

    static String markdown(String title, String subtitle, List<CvResult> results) {
        StringBuilder s = new StringBuilder();
        if (!title.isEmpty()) {
            s.append("# ").append(title).append("\n\n").append(subtitle).append("\n\n");
        }
        s.append("| model | CV AUC (mean ± sd) | Gini | KS | Brier | log loss | OOF AUC | seconds |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (CvResult r : results) {
            var m = r.cardMetrics();
            s.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.1f |%n", r.name(),
                    r.meanAuc(), r.sdAuc(), m.get("cv_gini"), m.get("cv_ks"), m.get("cv_brier"), m.get("cv_log_loss"),
                    r.outOfFold().auc(), r.wallSeconds()));
        }
        return s.toString();
    }

    static String csv(List<CvResult> results) {
        StringBuilder s = new StringBuilder();
        try (CSVPrinter csv = CsvOutput.printer(s)) {
            csv.printRecord("model", "fold", "auc", "gini", "ks", "brier", "log_loss", "rows", "bad");
            for (CvResult r : results) {
                for (int i = 0; i < r.folds().size(); i++) {
                    var e = r.folds().get(i);
                    csv.printRecord(r.name(), i + 1, six(e.auc()), six(e.gini()), six(e.ks()), six(e.brier()), six(e.logLoss()),
                            e.rows(), e.bad());
                }
                csv.printRecord(r.name(), "mean", six(r.meanAuc()), "", "", "", "", "", "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format the comparison CSV", e);
        }
        return s.toString();
    }

    private static String six(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
