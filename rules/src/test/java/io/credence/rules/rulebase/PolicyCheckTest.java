package io.credence.rules.rulebase;

import static io.credence.rules.rulebase.Policies.TABLE;
import static io.credence.rules.rulebase.Policies.edit;
import static io.credence.rules.rulebase.Policies.lineOf;
import static io.credence.rules.rulebase.Policies.shipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `credence rules check`: each kind of problem is found, with the file and line an analyst edits. */
class PolicyCheckTest {

    static final Set<String> LOADED = Set.of("credit-default", "behaviour-default");

    static PolicyProblem only(List<PolicyProblem> problems, String containing) {
        List<PolicyProblem> matching = problems.stream().filter(p -> p.message().contains(containing)).toList();
        assertEquals(1, matching.size(), "one problem saying '" + containing + "' in " + problems);
        return matching.get(0);
    }

    @Test
    void theShippedPolicyIsClean() {
        PolicyCheck.Result result = PolicyCheck.run(shipped(), LOADED);
        assertEquals(List.of(), result.problems());
        assertTrue(result.kieBase() != null);
    }

    @Test
    void aBrokenDrlNamesTheFileAndTheLine() {
        PolicyFiles broken = edit(shipped(), "knockouts.drl", "LoanApplication( monthlyIncome <= 0 )",
                "LoanAplication( monthlyIncome <= 0 )");
        PolicyCheck.Result result = PolicyCheck.run(broken, LOADED);
        PolicyProblem p = result.problems().get(0);
        assertEquals("knockouts.drl", p.file(), result.problems().toString());
        assertEquals(lineOf(broken.rules().get("knockouts.drl"), "LoanAplication"), p.line(), p.toString());
        assertTrue(p.message().contains("there is no fact type 'LoanAplication'"), p.message());
        assertTrue(result.kieBase() == null);
    }

    @Test
    void aDrlSyntaxErrorNamesTheFileAndTheLine() {
        PolicyFiles broken = edit(shipped(), "referrals.drl", "    $decision.refer(\"REFER_UNEMPLOYED\");\nend",
                "    $decision.refer(\"REFER_UNEMPLOYED\");\n");
        PolicyProblem p = PolicyCheck.run(broken, LOADED).problems().get(0);
        assertEquals("referrals.drl", p.file(), p.toString());
        assertTrue(p.line() > 0, p.toString());
    }

    @Test
    void aBrokenDecisionTableRowNamesTheTableAndTheRowsLine() {
        String row = "Refer loans above the review amount,requestedAmount,";
        PolicyFiles broken = edit(shipped(), TABLE, row, "Refer loans above the review amount,requestedAmmount,");
        PolicyCheck.Result result = PolicyCheck.run(broken, LOADED);
        PolicyProblem p = result.problems().get(0);
        assertEquals(TABLE, p.file(), result.problems().toString());
        assertEquals(lineOf(shipped().rules().get(TABLE), row), p.line(), p.toString());
        assertTrue(p.message().startsWith("the rule of this row does not compile"), p.message());
    }

    @Test
    void aDecisionTableWithoutItsHeaderRowsNamesTheTableAndALine() {
        String types = "NAME,CONDITION,CONDITION,CONDITION,CONDITION,CONDITION,CONDITION,ACTION,ACTION,ACTION\n";
        PolicyFiles broken = edit(shipped(), TABLE, types, "");
        PolicyCheck.Result result = PolicyCheck.run(broken, LOADED);
        PolicyProblem p = result.problems().stream().filter(x -> x.file().equals(TABLE)).findFirst().orElseThrow();
        assertTrue(p.line() > 0, result.problems().toString());
        assertTrue(p.message().contains("cannot be read") || p.message().contains("does not compile"), p.message());
    }

    @Test
    void aReasonCodeMissingFromTheReasonCodesFileIsNamedAtTheRuleThatGivesIt() {
        PolicyFiles fromTable = edit(shipped(), TABLE, ",,KO_SEVERE_DELINQUENCY,", ",,KO_LATE_PAYMENTS,");
        PolicyProblem p = only(PolicyCheck.lint(fromTable, LOADED), "KO_LATE_PAYMENTS");
        assertEquals(TABLE, p.file());
        assertEquals(lineOf(fromTable.rules().get(TABLE), "KO_LATE_PAYMENTS"), p.line());
        assertTrue(p.message().contains("is not in reason-codes.csv"), p.message());

        PolicyFiles fromDrl = edit(shipped(), "referrals.drl", "refer(\"REFER_UNEMPLOYED\")", "refer(\"REFER_JOBLESS\")");
        PolicyProblem q = only(PolicyCheck.lint(fromDrl, LOADED), "REFER_JOBLESS");
        assertEquals("referrals.drl", q.file());
        assertEquals(lineOf(fromDrl.rules().get("referrals.drl"), "REFER_JOBLESS"), q.line());
    }

    @Test
    void aModelTheRulesScoreThatIsNotLoadedIsNamedWhereItIsScored() {
        List<PolicyProblem> problems = PolicyCheck.lint(shipped(), Set.of("another-model"));
        PolicyProblem scoring = problems.stream().filter(p -> p.file().equals("scoring.drl")).findFirst().orElseThrow();
        assertEquals(lineOf(shipped().rules().get("scoring.drl"), "models.score("), scoring.line());
        assertTrue(scoring.message().contains("the model 'credit-default' is not loaded (loaded: [another-model])"),
                scoring.message());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("scoring.drl")
                && p.message().contains("the model 'behaviour-default' is not loaded")), problems.toString());
        // each model band (3) and each cell of the score matrix (9), at its application-score model
        // and at its history model
        assertEquals(3 + 9 + 9, problems.stream().filter(p -> p.file().equals(TABLE)).count(), "each model band: " + problems);
    }

    @Test
    void aMisspeltHistoryModelInTheScoreMatrixIsNamedAtItsCell() {
        String table = shipped().rules().get(TABLE);
        String row = "Refer a low application score with a high-risk history,false,credit-default,lowest,"
                + "credit-default.refer_above,behaviour-default,";
        assertTrue(table.contains(row), "the shipped matrix has the row");
        PolicyFiles edited = edit(shipped(), TABLE, row, row.replace(",behaviour-default,", ",behavior-default,"));
        List<PolicyProblem> problems = PolicyCheck.lint(edited, LOADED);
        // (the band checks also see the matrix's history axis break up: another scope has a gap)
        PolicyProblem p = only(problems, "the model 'behavior-default' is not loaded");
        assertEquals(TABLE, p.file());
        assertEquals(lineOf(edited.rules().get(TABLE), "Refer a low application score with a high-risk history"), p.line());
        assertTrue(p.message().contains("the model 'behavior-default' is not loaded"), p.message());
    }

    @Test
    void bandsThatOverlapAreNamedWithTheValuesInBoth() {
        // refer above 40 % but decline above 35 %: the referral band is empty and approval overlaps the decline band
        PolicyFiles edited = edit(shipped(), TABLE, "Limit,credit-default.refer_above,0.20,", "Limit,credit-default.refer_above,0.40,");
        List<PolicyProblem> problems = PolicyCheck.lint(edited, LOADED);
        PolicyProblem empty = only(problems, "'Refer when the default probability is in the referral band' is empty");
        assertTrue(empty.message().contains("above 0.4 up to 0.35"), empty.message());
        PolicyProblem overlap = only(problems, "'Decline when the default probability is above the decline cut-off' (above 0.35) overlaps");
        assertTrue(overlap.message().contains("(above 0.35)") && overlap.message().contains("(up to 0.4)"), overlap.message());
        assertEquals(TABLE, overlap.file());
    }

    @Test
    void bandsThatLeaveAGapAreNamedWithTheValuesNoBandCovers() {
        String referRow = "Refer when debt-to-income is in the review band,debtToIncome,monthlyIncome > 0,policy.refer_debt_to_income,,policy.max_debt_to_income,";
        PolicyFiles edited = edit(edit(shipped(), TABLE, referRow,
                "Refer when debt-to-income is in the review band,debtToIncome,monthlyIncome > 0,policy.refer_debt_to_income,,policy.review_ends,"),
                TABLE, "Limit,policy.max_debt_to_income,", "Limit,policy.review_ends,0.42,When the review band ends\nLimit,policy.max_debt_to_income,");
        PolicyProblem gap = only(PolicyCheck.lint(edited, LOADED), "no band applies");
        assertTrue(gap.message().contains("from 0.42 to 0.45"), gap.message());
        assertEquals(lineOf(edited.rules().get(TABLE), "Decline when debt-to-income is above the limit"), gap.line());
    }

    @Test
    void modelBandsMustCoverEveryProbability() {
        PolicyFiles edited = edit(shipped(), TABLE, "approval cut-off,true,credit-default,lowest,", "approval cut-off,true,credit-default,credit-default.floor,");
        edited = edit(edited, TABLE, "Limit,credit-default.refer_above,", "Limit,credit-default.floor,0.05,Lowest score\nLimit,credit-default.refer_above,");
        PolicyProblem p = only(PolicyCheck.lint(edited, LOADED), "to probabilities from 0 to 0.05");
        assertTrue(p.message().contains("start the lowest band at lowest"), p.message());
    }

    @Test
    void anUndefinedLimitAMissingBoundAndTwoVerdictsAreEachNamedAtTheirRow() {
        PolicyFiles edited = edit(shipped(), TABLE, "requestedAmount,,policy.refer_amount,,highest,,,REFER_LARGE_AMOUNT",
                "requestedAmount,,policy.refer_amountt,,,,KO_UNDERAGE,REFER_LARGE_AMOUNT");
        List<PolicyProblem> problems = PolicyCheck.lint(edited, LOADED);
        int line = lineOf(edited.rules().get(TABLE), "policy.refer_amountt");
        assertEquals(line, only(problems, "'policy.refer_amountt'").line());
        assertEquals(line, only(problems, "has no upper limit").line());
        assertEquals(line, only(problems, "gives 2 verdicts").line());
    }

    @Test
    void aLimitThatIsNotANumberIsNamedAtItsLine() {
        PolicyFiles edited = edit(shipped(), TABLE, "Limit,policy.refer_amount,50000,", "Limit,policy.refer_amount,50.000 EUR,");
        PolicyProblem p = only(PolicyCheck.lint(edited, LOADED), "'50.000 EUR'");
        assertEquals(lineOf(edited.rules().get(TABLE), "50.000 EUR"), p.line());
    }

    @Test
    void aReasonTextWithAnUnknownPlaceholderOrFormatIsNamedAtItsLine() {
        PolicyFiles edited = edit(shipped(), PolicyFiles.REASON_CODES, "above {lower:amount} and", "above {limit:euros} and");
        List<PolicyProblem> problems = PolicyCheck.lint(edited, LOADED);
        int line = lineOf(edited.rules().get(PolicyFiles.REASON_CODES), "{limit:euros}");
        assertEquals(line, only(problems, "unknown format").line());
        assertEquals(line, only(problems, "uses {limit}").line());
    }
}
