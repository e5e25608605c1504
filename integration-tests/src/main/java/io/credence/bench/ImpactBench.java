package io.credence.bench;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.rulebase.impact.ImpactSimulation;
import io.credence.rules.rulebase.impact.ImpactTally;
import io.credence.rules.rulebase.impact.Portfolio;
import io.credence.rules.service.ServiceModels;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of {@code credence rules impact}: a synthetic CSV portfolio of N applications (the
 * model scores every row: no {@code given.score}) decided by the built-in policy and by an edited
 * copy (the debt-to-income limit moved from 45 % to 50 %), through {@link Portfolio} and {@link
 * ImpactSimulation} as the command runs them; only the JSON and HTML writing is left out.
 *
 * <pre>
 * mvn -B -o -Pimpactbench verify -pl integration-tests -am -DskipTests -Dimpactbench.args="--applications 200000 --runs 3"
 * </pre>
 *
 * <p>Prints per run: applications/s (each decided by both policies), decisions/s, the process's
 * CPU time per application (less sensitive to what else the machine runs than wall time), and the
 * 1-minute load average.
 */
@Command(name = "impact-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Applications per second of rules impact: a synthetic portfolio decided by two policies.")
public final class ImpactBench implements Callable<Integer> {

    @Option(names = "--applications", defaultValue = "200000", description = "Rows per run (default: ${DEFAULT-VALUE}).")
    int applications;

    @Option(names = "--warmup", defaultValue = "40000", description = "Rows of the unmeasured first run (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threads", description = "Workers (default: the number of cores).")
    Integer threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImpactBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Path dir = Files.createTempDirectory("impact-bench");
        Path policy = dir.resolve("policy");
        PolicyFiles.classpath().writeTo(policy);
        Path table = policy.resolve("cut-offs.drl.csv");
        Files.writeString(table, Files.readString(table).replace("Limit,policy.max_debt_to_income,0.45,",
                "Limit,policy.max_debt_to_income,0.50,"));
        Path big = portfolio(dir.resolve("portfolio.csv"), applications, 1);
        Path small = portfolio(dir.resolve("warmup.csv"), warmup, 2);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ApplicationReader reader = new ApplicationReader(ApplicationSchema.load());
        try (ModelRegistry registry = ServiceModels.load(null, "cpu")) {
            ImpactSimulation simulation = new ImpactSimulation(
                    CreditDecisionEngine.of(RuleBase.builtIn()).withModels(ImpactSimulation.models(registry)),
                    CreditDecisionEngine.of(RuleBase.folder(policy)).withModels(ImpactSimulation.models(registry)), workers, 5);
            for (int run = 0; run <= runs; run++) {
                Path file = run == 0 ? small : big;
                double load = os.getSystemLoadAverage();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                ImpactTally tally;
                try (Portfolio portfolio = Portfolio.open(file, reader)) {
                    tally = simulation.run(portfolio);
                }
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long n = tally.decided() + tally.rejected();
                System.out.println(String.format(Locale.ROOT,
                        "%s rows=%d decided=%d rejected=%d threads=%d cores=%d wall=%.2fs applications/s=%.0f decisions/s=%.0f"
                                + " cpu-us/application=%.1f cpu-us/decision=%.1f cpu-cores-used=%.2f load1-before=%.2f load1-after=%.2f",
                        run == 0 ? "warmup" : "run" + run, n, tally.decided(), tally.rejected(), workers,
                        Runtime.getRuntime().availableProcessors(), wall / 1e9, n / (wall / 1e9), 2 * n / (wall / 1e9),
                        cpu / 1e3 / n, cpu / 1e3 / (2.0 * n), (double) cpu / wall, load, os.getSystemLoadAverage()));
            }
        }
        return 0;
    }

    private static final String[] CHECKING = {"NEGATIVE", "LOW", "HIGH", "NONE"};
    private static final String[] HISTORY = {"NO_CREDITS_OR_ALL_PAID", "ALL_PAID_HERE", "EXISTING_PAID_DULY", "PAST_DELAYS", "CRITICAL_ACCOUNT"};
    private static final String[] SAVINGS = {"UNDER_100", "FROM_100_TO_500", "FROM_500_TO_1000", "OVER_1000", "NONE"};
    private static final String[] STATUS = {"EMPLOYED", "EMPLOYED", "EMPLOYED", "EMPLOYED", "SELF_EMPLOYED", "RETIRED", "UNEMPLOYED"};

    /** Applicants spread over the policy's bands; the model's inputs vary in the fields it weighs most. */
    static Path portfolio(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,requestedAmount,termMonths,employmentStatus,"
                    + "worstDelinquencyMonths,modelInputs.checkingAccount,modelInputs.creditHistory,modelInputs.purpose,"
                    + "modelInputs.savings,modelInputs.employmentLength,modelInputs.installmentRatePct,"
                    + "modelInputs.otherDebtors,modelInputs.residenceYears,modelInputs.property,"
                    + "modelInputs.otherInstallmentPlans,modelInputs.housing,modelInputs.existingCredits,modelInputs.job,"
                    + "modelInputs.dependents,modelInputs.telephone\n");
            for (int i = 0; i < n; i++) {
                int income = 1500 + 50 * random.nextInt(150);
                int term = 12 + 6 * random.nextInt(9);
                int amount = 1000 + 100 * random.nextInt(200);
                double debts = Math.max(0, (0.10 + 0.60 * random.nextDouble()) * income - (double) amount / term);
                out.write(String.format(Locale.ROOT, "BENCH-%d,%d,%d,%.2f,%d,%d,%s,%d,%s,%s,RADIO_TV,%s,FROM_1_TO_4_YEARS,%d,NONE,%d,REAL_ESTATE,NONE,OWN,1,SKILLED,1,REGISTERED%n",
                        i, 18 + random.nextInt(55), income, debts, amount, term, STATUS[random.nextInt(STATUS.length)],
                        random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 0, CHECKING[random.nextInt(4)],
                        HISTORY[random.nextInt(5)], SAVINGS[random.nextInt(5)], 1 + random.nextInt(4), 1 + random.nextInt(4)));
            }
        }
        return file;
    }
}
