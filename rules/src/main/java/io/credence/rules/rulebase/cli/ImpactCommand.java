package io.credence.rules.rulebase.cli;

import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.rulebase.impact.ImpactHtml;
import io.credence.rules.rulebase.impact.ImpactReport;
import io.credence.rules.rulebase.impact.ImpactSimulation;
import io.credence.rules.rulebase.impact.ImpactTally;
import io.credence.rules.rulebase.impact.Portfolio;
import io.credence.rules.rulebase.impact.PortfolioException;
import io.credence.rules.rulebase.impact.RejectedRow;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rules impact}: decides a portfolio with the baseline and the candidate policy and writes
 * what would change.
 *
 * <pre>
 * java -jar credence-service.jar rules impact --baseline builtin --candidate policy \
 *      --applications portfolio.csv --out impact            # impact/impact.json, impact/impact.html
 * </pre>
 */
@Command(name = "impact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decides every application of a portfolio (CSV with the columns of a scenario file, or JSON lines)"
                + " with a baseline and a candidate policy, in parallel and without audit, and writes OUT/impact.json"
                + " (the swap matrix, the rates, the reason codes whose counts changed) and OUT/impact.html (the same"
                + " with charts and example applications for each changed cell)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every application decided; the report is written",
                "1:rows were rejected (the report is written, counts them and lists the first by line),"
                        + " or nothing was decided: a policy has problems, a model it scores is not loaded,"
                        + " or the applications file cannot be read",
                "2:the arguments are wrong"})
final class ImpactCommand implements Callable<Integer> {

    /** The {@code --baseline} value for the rules built into the service. */
    static final String BUILTIN = "builtin";

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "builtin|DIR", required = true,
            description = "The policy decisions are made with today: builtin (the service's own rules) or a policy folder")
    String baseline;

    @Option(names = "--candidate", paramLabel = "DIR", required = true, description = "The edited policy folder")
    Path candidate;

    @Option(names = "--applications", paramLabel = "FILE", required = true,
            description = "The portfolio: *.csv (header row; the columns of a scenario file) or JSON lines (any other name)")
    Path applications;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder for impact.json and impact.html (created; the two files are replaced)")
    Path out;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "5",
            description = "Example applications shown per changed cell, default: ${DEFAULT-VALUE}")
    int examples;

    @Option(names = "--threads", paramLabel = "N", description = "Workers deciding in parallel, default: the number of cores")
    Integer threads;

    @CommandLine.Mixin
    RulesCommand.ModelsOption models;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (examples < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--examples must be 0 or more, was " + examples);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, was " + workers);
        }
        RuleBase before = policy("baseline", baseline, err);
        RuleBase after = before == null ? null : policy("candidate", candidate.toString(), err);
        if (after == null) {
            return RulesCommand.PROBLEMS;
        }
        o.println("baseline:  " + before.version().coordinates() + " (" + before.version().drlSha256().substring(0, 12) + ")");
        o.println("candidate: " + after.version().coordinates() + " (" + after.version().drlSha256().substring(0, 12) + ")");
        ImpactTally tally;
        long nanos;
        try (ModelRegistry registry = models.load()) {
            for (RuleBase rules : List.of(before, after)) {
                List<String> missing = rules.models().stream().filter(m -> !registry.names().contains(m)).sorted().toList();
                if (!missing.isEmpty()) {
                    err.println((rules == before ? "the baseline" : "the candidate") + " policy scores with " + missing
                            + ", which is not loaded (loaded: " + registry.names() + "); pass --models DIR");
                    err.flush();
                    return RulesCommand.PROBLEMS;
                }
            }
            // The report shows decisions and reason codes; the model's principal reasons (what an explanation is
            // for) are not in it, so the cheapest explanation method does (docs/benchmarks.md, "Impact simulation").
            RuleModels bound = ImpactSimulation.models(registry);
            ImpactSimulation simulation = new ImpactSimulation(CreditDecisionEngine.of(before).withModels(bound),
                    CreditDecisionEngine.of(after).withModels(bound), workers, examples);
            long start = System.nanoTime();
            try (Portfolio portfolio = Portfolio.open(applications, new ApplicationReader(ApplicationSchema.load()))) {
                tally = simulation.run(portfolio);
            } catch (PortfolioException e) {
                err.println(e.getMessage());
                err.flush();
                return RulesCommand.PROBLEMS;
            }
            nanos = System.nanoTime() - start;
        }
        ImpactReport report = ImpactReport.of(before, after, applications.getFileName().toString(), tally);
        Files.createDirectories(out);
        Path json = out.resolve("impact.json");
        Path html = out.resolve("impact.html");
        Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        Files.writeString(html, ImpactHtml.render(report), StandardCharsets.UTF_8);
        print(report, nanos, workers, o);
        o.println("wrote " + json);
        o.println("wrote " + html);
        o.flush();
        return report.applications().rejected() == 0 ? RulesCommand.OK : RulesCommand.PROBLEMS;
    }

    /** The policy named by {@code --baseline} or {@code --candidate}, or null (its problems printed). */
    private static RuleBase policy(String which, String where, PrintWriter err) {
        try {
            return BUILTIN.equals(where) ? RuleBase.builtIn() : RuleBase.folder(Path.of(where));
        } catch (PolicyException e) {
            e.problems().forEach(err::println);
            err.println("the " + which + " policy " + where + " has problems; fix them first (credence rules check " + where + ")");
            err.flush();
            return null;
        }
    }

    private static void print(ImpactReport r, long nanos, int workers, PrintWriter o) {
        ImpactReport.Applications a = r.applications();
        double seconds = nanos / 1e9;
        o.println(a.read() + " applications read from " + r.input() + ": " + a.decided() + " decided by both policies, "
                + a.rejected() + " rejected (" + String.format(Locale.ROOT, "%.1f s, %,.0f applications/s, %d threads",
                seconds, a.read() / Math.max(seconds, 1e-9), workers) + ")");
        for (RejectedRow row : r.rejectedRows()) {
            o.println("  rejected " + row);
        }
        if (r.rejectedRows().size() < a.rejected()) {
            o.println("  ... and " + (a.rejected() - r.rejectedRows().size()) + " more rejected rows");
        }
        o.println();
        o.println(String.format(Locale.ROOT, "%-22s %10s %10s %10s", "baseline \\ candidate", "APPROVE", "REFER", "DECLINE"));
        for (Outcome from : Outcome.values()) {
            var row = r.matrix().get(from);
            o.println(String.format(Locale.ROOT, "%-22s %10d %10d %10d", from, row.get(Outcome.APPROVE), row.get(Outcome.REFER),
                    row.get(Outcome.DECLINE)));
        }
        o.println();
        o.println(r.changed() + " decisions changed (" + String.format(Locale.ROOT, "%.2f %%",
                a.decided() == 0 ? 0.0 : 100.0 * r.changed() / a.decided()) + ")");
        ImpactReport.Rates b = r.rates().get("baseline");
        ImpactReport.Rates c = r.rates().get("candidate");
        String[] names = {"approval", "referral", "decline"};
        for (Outcome outcome : Outcome.values()) {
            o.println(String.format(Locale.ROOT, "%-9s %7.2f %% -> %7.2f %%", names[outcome.ordinal()], 100 * b.rate(outcome),
                    100 * c.rate(outcome)));
        }
        if (r.reasonCodes().isEmpty()) {
            o.println("no reason code's count changed");
        } else {
            o.println("reason codes whose counts changed (applications, baseline -> candidate):");
            r.reasonCodes().forEach(x -> o.println(String.format(Locale.ROOT, "  %-26s %8d -> %8d", x.code(), x.baseline(),
                    x.candidate())));
        }
    }
}
