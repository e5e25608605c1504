package io.credence.rules.rulebase.cli;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.rulebase.PolicyCheck;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.rulebase.PolicyProblem;
import io.credence.rules.rulebase.scenario.ScenarioFile;
import io.credence.rules.rulebase.scenario.ScenarioResult;
import io.credence.rules.rulebase.scenario.ScenarioRunner;
import io.credence.rules.service.ModelTrust;
import io.credence.rules.service.ServiceModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules} with the subcommands {@code export}, {@code check}, {@code test} and {@code impact}: the analysts'
 * cycle on a policy folder.
 *
 * <pre>
 * java -jar credence-service.jar rules export --out policy     # the shipped policy, to edit
 * java -jar credence-service.jar rules check policy            # compiles and lints; exit 1 with the list
 * java -jar credence-service.jar rules test policy             # runs policy/scenarios/*.csv; exit 1 on a failure
 * java -jar credence-service.jar rules impact --baseline builtin --candidate policy --applications portfolio.csv --out impact
 * java -jar credence-service.jar serve --rules policy          # decides with it
 * </pre>
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Exports, checks and tests a policy folder (DRL, decision tables, reason codes, scenarios), and simulates its impact on a portfolio.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done, clean, every scenario passed", "1:problems found or a scenario failed",
                "2:the arguments are wrong"},
        subcommands = {RulesCommand.Export.class, RulesCommand.Check.class, RulesCommand.Test.class, ImpactCommand.class})
public final class RulesCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RulesCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes the built-in policy to a folder an analyst edits in a text editor or spreadsheet.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write (new or empty)")
        Path out;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            List<Path> written;
            try {
                written = PolicyFiles.classpath().writeTo(out);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return PROBLEMS;
            }
            written.forEach(p -> o.println("wrote " + p));
            o.println("exported the built-in policy (" + written.size() + " files) to " + out);
            o.println("next: edit a limit in " + out.resolve("cut-offs.drl.csv") + ", then: credence rules check " + out
                    + " && credence rules test " + out);
            o.flush();
            return OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compiles a policy folder and checks its reason codes, models and cut-off bands.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The policy folder")
        Path dir;

        @CommandLine.Mixin
        ModelsOption models;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            PolicyFiles files;
            try {
                files = PolicyFiles.folder(dir);
            } catch (PolicyException e) {
                e.problems().forEach(o::println);
                o.flush();
                return PROBLEMS;
            }
            PolicyCheck.Result result;
            try (ModelRegistry registry = models.load()) {
                result = PolicyCheck.run(files, registry.names());
            }
            if (result.clean()) {
                o.println(dir + ": no problems (" + files.rules().size() + " files, "
                        + result.kieBase().getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum() + " rules, "
                        + files.scenarios().size() + " scenario files)");
                o.flush();
                return OK;
            }
            for (PolicyProblem p : result.problems()) {
                o.println(p);
            }
            o.println(result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems") + " in " + dir);
            o.flush();
            return PROBLEMS;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Decides every scenario in DIR/scenarios/*.csv and prints a pass/fail table.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The policy folder")
        Path dir;

        @CommandLine.Mixin
        ModelsOption models;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            RuleBase rules;
            try {
                rules = RuleBase.folder(dir);
            } catch (PolicyException e) {
                e.problems().forEach(o::println);
                o.println("the policy has problems; fix them first (credence rules check " + dir + ")");
                o.flush();
                return PROBLEMS;
            }
            ScenarioFile scenarios = ScenarioFile.of(rules.files());
            scenarios.problems().forEach(o::println);
            if (scenarios.scenarios().isEmpty() && scenarios.problems().isEmpty()) {
                o.println(dir + " has no scenarios: add CSV files to " + dir.resolve("scenarios"));
                o.flush();
                return PROBLEMS;
            }
            List<ScenarioResult> results;
            java.util.Set<String> silent;
            try (ModelRegistry registry = models.load()) {
                CreditDecisionEngine engine = CreditDecisionEngine.of(rules).withModels(registry);
                results = ScenarioRunner.run(engine, scenarios.scenarios());
                silent = ScenarioRunner.rulesNoScenarioFires(engine, results);
            }
            ScenarioRunner.print(results, o);
            o.println(silent.isEmpty() ? "every rule fired in at least one scenario"
                    : "rules no scenario fires (add a scenario for each): " + String.join("; ", silent));
            o.flush();
            boolean failed = !scenarios.problems().isEmpty() || results.stream().anyMatch(r -> !r.passed());
            return failed ? PROBLEMS : OK;
        }
    }

    /** {@code --models DIR --execution-provider P}. */
    static final class ModelsOption {
        @Option(names = "--models", paramLabel = "DIR",
                description = "Folder of <name>/<version>/ model packages; default: the bundled models")
        Path dir;

        @Option(names = "--execution-provider", paramLabel = "auto|cpu|cuda[:id]", defaultValue = "cpu",
                description = "ONNX Runtime execution provider, default: ${DEFAULT-VALUE}")
        String provider;

        @Option(names = "--trusted-keys", paramLabel = "DIR",
                description = "Folder of *.pub keys whose signed model packages load, besides the release key")
        Path trustedKeys;

        @Option(names = "--allow-unsigned-models", description = "Also load model packages without a signature")
        boolean allowUnsigned;

        ModelRegistry load() {
            return ServiceModels.load(dir, provider, 1, new ModelTrust(trustedKeys, allowUnsigned));
        }
    }
}
