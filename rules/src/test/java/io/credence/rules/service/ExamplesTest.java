package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/examples: valid input, and the policy outcomes they are meant to show hold whatever the
 * model says (decline: a debt-to-income knock-out; refer: a recent delinquency, unless the model
 * declines). approve.json is checked against the bundled model by the model's own tests.
 */
class ExamplesTest {

    static LoanApplication example(String name) throws Exception {
        return ServiceFixture.READER.read(Files.readString(Path.of("..", "docs", "examples", name), StandardCharsets.UTF_8));
    }

    static DecisionResult decideWithScore(LoanApplication application, double p) {
        return ServiceFixture.ENGINE.decide(application,
                List.of(ModelScore.precomputed(application, "credit-default", "1.0.0", "precomputed", p)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.25, 0.99})
    void declineJsonIsDeclinedByTheDebtToIncomeKnockOutWhateverTheScore(double p) throws Exception {
        DecisionResult r = decideWithScore(example("decline.json"), p);
        assertEquals(Outcome.DECLINE, r.outcome());
        assertTrue(r.reasonCodes().contains("KO_DEBT_TO_INCOME"), r.reasonCodes().toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.25, 0.35})
    void referJsonIsReferredForItsDelinquencyUnlessTheModelDeclines(double p) throws Exception {
        DecisionResult r = decideWithScore(example("refer.json"), p);
        assertEquals(Outcome.REFER, r.outcome());
        assertTrue(r.reasonCodes().contains("REFER_RECENT_DELINQUENCY"), r.reasonCodes().toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.20})
    void approveJsonMeetsEveryPolicyRuleSoALowScoreApproves(double p) throws Exception {
        DecisionResult r = decideWithScore(example("approve.json"), p);
        assertEquals(Outcome.APPROVE, r.outcome(), r.reasonCodes().toString());
        assertEquals(List.of("MODEL_LOW_RISK"), r.reasonCodes());
    }
}
