package io.credence.rules.rulebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.rulebase.cli.RulesCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The analysts' cycle on a copy of the shipped policy, through the command line: export, edit a
 * limit (one edit), check, test; and the build running the shipped scenarios.
 */
class PolicyCycleTest {

    @TempDir
    Path dir;

    /** Output and exit code of one {@code credence rules ...} command. */
    record Run(int exit, String out) {
    }

    static Run rules(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new RulesCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        // kept in target/surefire-reports/...PolicyCycleTest-output.txt: what docs/drl-idiom.md shows
        System.out.println("$ credence rules " + String.join(" ", args) + "\n" + out + "(exit " + exit + ")\n");
        return new Run(exit, out.toString());
    }

    static void replaceOnce(Path file, String from, String to) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(text.indexOf(from), text.lastIndexOf(from), "one '" + from + "' in " + file);
        assertTrue(text.contains(from), file + " has no '" + from + "'");
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    static LoanApplication withDebts(double debts) {
        // income 4000, 12000 over 24 months: debt-to-income (debts + 500) / 4000
        return new LoanApplication("DTI", 35, 4000, debts, 12000, 24, EmploymentStatus.EMPLOYED, 0, Map.of());
    }

    static DecisionResult decide(RuleBase rules, LoanApplication application) {
        return CreditDecisionEngine.of(rules).decide(application,
                List.of(ModelScore.precomputed(application, "credit-default", "given", "given", 0.05)));
    }

    static Reason reason(DecisionResult r, String code) {
        return r.reasons().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow(() -> new AssertionError(r.reasons()));
    }

    @Test
    void theShippedPolicyPassesItsScenariosAndEveryRuleFiresInOne() {
        Path policy = dir.resolve("policy");
        Run export = rules("export", "--out", policy.toString());
        assertEquals(0, export.exit(), export.out());

        Run test = rules("test", policy.toString());

        assertEquals(0, test.exit(), test.out());
        assertFalse(test.out().contains("FAIL"), test.out());
        assertTrue(test.out().contains(" 0 failed"), test.out());
        assertTrue(test.out().contains("every rule fired in at least one scenario"), test.out());
        assertTrue(test.out().contains("SCORED-APPROVE"), "scenarios the model scores run too: " + test.out());
    }

    @Test
    void anExportedPolicyIsTheKjarsPolicyWithTheSameDigest() {
        Path policy = dir.resolve("policy");
        assertEquals(0, rules("export", "--out", policy.toString()).exit());
        assertTrue(Files.isRegularFile(policy.resolve("cut-offs.drl.csv")));
        assertTrue(Files.isRegularFile(policy.resolve("reason-codes.csv")));
        assertTrue(Files.isRegularFile(policy.resolve("scenarios/knock-outs.csv")));

        RuleBase folder = RuleBase.folder(policy);

        assertEquals(RuleBase.builtIn().version().drlSha256(), folder.version().drlSha256());
        assertTrue(folder.version().coordinates().startsWith("folder:" + policy.toAbsolutePath()), folder.version().coordinates());
        assertTrue(folder.version().coordinates().contains("cut-offs.drl.csv"), folder.version().coordinates());
        Run again = rules("export", "--out", policy.toString());
        assertEquals(1, again.exit(), "an export never overwrites an analyst's files: " + again.out());
    }

    @Test
    void editingALimitOnceMovesTheBandItsTextsTheRecordedCutOffAndTheDigest() throws Exception {
        Path policy = dir.resolve("policy");
        assertEquals(0, rules("export", "--out", policy.toString()).exit());
        RuleBase before = RuleBase.folder(policy);

        // the one edit: the debt-to-income knock-out limit from 45 % to 50 %
        replaceOnce(policy.resolve("cut-offs.drl.csv"), "Limit,policy.max_debt_to_income,0.45,", "Limit,policy.max_debt_to_income,0.50,");

        Run check = rules("check", policy.toString());
        assertEquals(0, check.exit(), check.out());
        assertTrue(check.out().contains("no problems"), check.out());

        Run test = rules("test", policy.toString());
        assertEquals(1, test.exit(), "the scenario written for the old limit fails: " + test.out());
        String failing = test.out().lines().filter(l -> l.startsWith("FAIL")).reduce("", (a, b) -> a + b + "\n");
        assertTrue(failing.contains("KO-DTI-47.5") && failing.contains("decision REFER, expected DECLINE")
                && failing.contains("missing reasons KO_DEBT_TO_INCOME")
                && failing.contains("unexpected reasons REFER_DEBT_TO_INCOME"), test.out());
        assertEquals(1, failing.lines().count(), test.out());

        RuleBase after = RuleBase.folder(policy);
        DecisionResult reviewed = decide(after, withDebts(1400)); // 47.5 %: now in the review band
        assertEquals(Outcome.REFER, reviewed.outcome());
        assertEquals(0.50, reviewed.cutOffs().get("policy.max_debt_to_income"), "the band's upper limit, recorded");
        assertEquals(0.36, reviewed.cutOffs().get("policy.refer_debt_to_income"));
        DecisionResult declined = decide(after, withDebts(1700)); // 55 %
        assertEquals("Debt payments including the new loan would be 55 % of income; the limit is 50 %.",
                reason(declined, "KO_DEBT_TO_INCOME").text());
        assertEquals(0.50, declined.cutOffs().get("policy.max_debt_to_income"));
        assertEquals(Outcome.DECLINE, decide(before, withDebts(1400)).outcome(), "the rule base read before the edit is unchanged");
        assertNotEquals(before.version().drlSha256(), after.version().drlSha256());
        assertEquals(after.version(), reviewed.ruleBase(), "the decision names the edited rule base");

        // the analyst updates the scenario to the new policy: all pass
        replaceOnce(policy.resolve("scenarios/knock-outs.csv"), "0.05,DECLINE,KO_DEBT_TO_INCOME;MODEL_LOW_RISK",
                "0.05,REFER,REFER_DEBT_TO_INCOME;MODEL_LOW_RISK");
        Run again = rules("test", policy.toString());
        assertEquals(0, again.exit(), again.out());
    }

    @Test
    void checkListsTheProblemsOfABrokenFolderAndExitsWithOne() throws Exception {
        Path policy = dir.resolve("policy");
        assertEquals(0, rules("export", "--out", policy.toString()).exit());
        replaceOnce(policy.resolve("knockouts.drl"), "LoanApplication( monthlyIncome <= 0 )", "LoanApplication( monthlyIncome <= )");
        replaceOnce(policy.resolve("cut-offs.drl.csv"), ",,REFER_LARGE_AMOUNT", ",,REFER_BIG_LOAN");

        Run check = rules("check", policy.toString());

        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("knockouts.drl line "), check.out());
        assertTrue(check.out().contains("cut-offs.drl.csv line "), check.out());
        assertTrue(check.out().contains("REFER_BIG_LOAN is not in reason-codes.csv"), check.out());
        assertThrows(PolicyException.class, () -> RuleBase.folder(policy), "serve --rules refuses it too");
        Run test = rules("test", policy.toString());
        assertEquals(1, test.exit(), test.out());
    }
}
