package io.credence.rules.models.cli;

import io.credence.rules.audit.AuditStoreReader;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.cli.AuditCommand;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.models.LiveComparison;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code models} with the subcommand {@code compare-live}.
 *
 * <pre>
 * java -jar credence-service.jar models compare-live --db jdbc:postgresql://db/credence --user auditor \
 *      --password-file auditor.pw --model credit-default [--rules DIR] [--json report.json]
 * </pre>
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Reports on the models the service decided with.",
        subcommands = {ModelsCommand.CompareLive.class})
public final class ModelsCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int NOTHING = 1;
    public static final int UNAVAILABLE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return UNAVAILABLE;
    }

    @Command(name = "compare-live", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Champion vs challenger vs shadow from the audit log, reading only: each version's score"
                    + " distribution, the decisions it made, the decisions its score would have made (each application"
                    + " re-decided by the policy with that score given), and the agreement of every two versions on the"
                    + " applications both scored."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the report is printed", "1:no decided application in the log was scored by the model",
                    "2:the store cannot be reached or does not exist, the policy has problems, or the arguments are wrong"})
    static final class CompareLive implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AuditCommand.Store store;

        @Option(names = "--model", paramLabel = "NAME", required = true, description = "the model, e.g. credit-default")
        String model;

        @Option(names = "--rules", paramLabel = "DIR",
                description = "the policy folder the service decided with (serve --rules); default: the built-in policy")
        Path rules;

        @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
        Path json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RuleBase policy;
            try {
                policy = rules == null ? RuleBase.builtIn() : RuleBase.folder(rules);
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                err.println("the policy " + rules + " has problems; fix them first (credence rules check " + rules + ")");
                err.flush();
                return UNAVAILABLE;
            }
            LiveComparison comparison = new LiveComparison(model, CreditDecisionEngine.of(policy),
                    new ApplicationReader(ApplicationSchema.load()));
            try (AuditStoreReader reader = store.openForReading()) {
                reader.forEachRecord(r -> comparison.add(r.entry()));
            } catch (AuditUnavailableException e) {
                err.println(e.getMessage());
                err.flush();
                return UNAVAILABLE;
            }
            LiveComparison.Report report = comparison.report();
            print(report, out);
            if (json != null) {
                Files.writeString(json, json(report), StandardCharsets.UTF_8);
                out.println("wrote " + json);
            }
            out.flush();
            return report.withModel() == 0 ? NOTHING : OK;
        }
    }

    static void print(LiveComparison.Report r, PrintWriter o) {
        o.println(r.model() + ": " + r.records() + " audit records, " + r.withModel() + " decided applications scored"
                + (r.notRedecided() == 0 ? "" : ", " + r.notRedecided() + " of them with the input erased (not re-decided)"));
        if (r.withModel() == 0) {
            o.println("no decided application was scored by " + r.model());
            return;
        }
        o.println();
        o.println(String.format(Locale.ROOT, "%-12s %-22s %8s %6s %7s %7s %7s %7s  %-26s %-26s %s", "version", "roles",
                "scored", "failed", "p10", "p50", "p90", "mean", "decided (A/R/D)", "would have (A/R/D)", "reproduced"));
        for (LiveComparison.VersionReport v : r.versions()) {
            o.println(String.format(Locale.ROOT, "%-12s %-22s %8d %6d %7s %7s %7s %7s  %-26s %-26s %s", v.version(),
                    String.join(",", v.roles()), v.scored(), v.failed(), pct(v.p10()), pct(v.p50()), pct(v.p90()),
                    pct(v.mean()), rates(v.decided()), rates(v.wouldHave()), v.decided().isEmpty() ? "-"
                            : v.reproduced() + "/" + v.decided().values().stream().mapToLong(Long::longValue).sum()));
        }
        o.println();
        o.println("score histogram (share of each version's scores per 10 % band of probability)");
        for (LiveComparison.VersionReport v : r.versions()) {
            o.println(String.format(Locale.ROOT, "%-12s %s", v.version(), Arrays.stream(v.histogram())
                    .mapToObj(n -> String.format(Locale.ROOT, "%5.1f", v.scored() == 0 ? 0.0 : 100.0 * n / v.scored()))
                    .collect(Collectors.joining(" "))));
        }
        o.println();
        if (r.agreements().isEmpty()) {
            o.println("agreement: no application was scored by two versions (add a shadow to compare on the same applications)");
        }
        for (LiveComparison.Agreement a : r.agreements()) {
            o.println(String.format(Locale.ROOT, "agreement %s vs %s: %d applications scored by both, same decision for %s"
                            + " of %d re-decided, mean |score difference| %s", a.a(), a.b(), a.both(),
                    pct(a.decisionAgreement()), a.redecided(), pct(a.meanAbsoluteDifference())));
        }
    }

    private static String pct(double p) {
        return Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    private static String rates(Map<Outcome, Long> counts) {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f/%.1f/%.1f %%", 100.0 * counts.getOrDefault(Outcome.APPROVE, 0L) / n,
                100.0 * counts.getOrDefault(Outcome.REFER, 0L) / n, 100.0 * counts.getOrDefault(Outcome.DECLINE, 0L) / n);
    }

    static String json(LiveComparison.Report r) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model()).put("records", r.records()).put("decidedWithModel", r.withModel())
                .put("notRedecided", r.notRedecided());
        ArrayNode versions = root.putArray("versions");
        for (LiveComparison.VersionReport v : r.versions()) {
            ObjectNode n = versions.addObject();
            n.put("version", v.version());
            v.roles().forEach(n.putArray("roles")::add);
            n.put("scored", v.scored()).put("failed", v.failed());
            number(n, "p10", v.p10());
            number(n, "p50", v.p50());
            number(n, "p90", v.p90());
            number(n, "mean", v.mean());
            ArrayNode h = n.putArray("histogram");
            Arrays.stream(v.histogram()).forEach(h::add);
            ObjectNode decided = n.putObject("decided");
            v.decided().forEach((k, c) -> decided.put(k.name(), c));
            ObjectNode would = n.putObject("wouldHave");
            v.wouldHave().forEach((k, c) -> would.put(k.name(), c));
            n.put("reproduced", v.reproduced());
        }
        ArrayNode agreements = root.putArray("agreements");
        for (LiveComparison.Agreement a : r.agreements()) {
            ObjectNode n = agreements.addObject().put("a", a.a()).put("b", a.b()).put("both", a.both())
                    .put("redecided", a.redecided());
            number(n, "decisionAgreement", a.decisionAgreement());
            number(n, "meanAbsoluteDifference", a.meanAbsoluteDifference());
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
