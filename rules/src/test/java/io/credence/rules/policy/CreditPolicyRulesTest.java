package io.credence.rules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.ScoreSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per policy rule: it fires where it should and stays silent at the boundary. */
class CreditPolicyRulesTest {

    @TempDir
    static Path models;
    static ModelRegistry registry;
    static CreditDecisionEngine engine;

    @BeforeAll
    static void serveModel() {
        registry = PolicyFixture.serveCreditDefault(models);
        engine = PolicyFixture.engine(registry);
    }

    static PolicyFixture.Builder application() {
        return PolicyFixture.application(engine);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    static boolean fired(DecisionResult r, String rule) {
        return r.rulesFired().contains(rule);
    }

    @Test
    void aCleanLowRiskApplicationIsApprovedWithTheModelReason() {
        DecisionResult r = application().decide();
        assertEquals(Outcome.APPROVE, r.outcome());
        assertEquals(java.util.List.of("MODEL_LOW_RISK"), r.reasonCodes());
        assertEquals("Approve when the default probability is within the approval cut-off", r.reasons().get(0).rule());
    }

    @Nested
    class Scoring {
        static final String RULE = "Score the application with the credit-default model";

        @Test
        void runsTheModelOncePerApplicationAndReportsTheProvider() {
            DecisionResult r = application().probability(0.30).decide();
            assertEquals(1, r.rulesFired().stream().filter(RULE::equals).count());
            assertEquals(1, r.scores().size());
            ScoreSummary score = r.scores().get(0);
            assertEquals(0.30, score.value(), 1e-6);
            assertEquals("CPUExecutionProvider", score.provider());
            assertEquals("1.0.0", score.version());
            assertEquals(64, score.modelSha256().length());
            assertEquals((float) PolicyFixture.signalFor(0.30), score.encodedFeatures().get("risk_signal"), 1e-6f);
        }

        @Test
        void doesNotRunWhenAScoreIsAlreadyPresent() {
            DecisionResult r = application().probability(0.90).decideWithScore(0.05);
            assertFalse(fired(r, RULE));
            assertEquals(0.05, r.scores().get(0).value(), 0.0);
            assertEquals(Outcome.APPROVE, r.outcome());
        }
    }

    @Nested
    class KnockOuts {
        @Test
        void declinesApplicantsUnder18() {
            DecisionResult r = application().age(17).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertTrue(r.reasonCodes().contains("KO_UNDERAGE"));
            assertFalse(application().age(18).decide().reasonCodes().contains("KO_UNDERAGE"));
        }

        @Test
        void declinesWithoutIncome() {
            DecisionResult r = application().income(0).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertTrue(r.reasonCodes().contains("KO_NO_INCOME"));
            assertFalse(r.reasonCodes().contains("KO_DEBT_TO_INCOME"), "no-income must not also be reported as a DTI breach");
            assertFalse(application().income(1).debts(0).amount(24).decide().reasonCodes().contains("KO_NO_INCOME"));
        }

        @Test
        void declinesWhenDebtToIncomeAboveLimit() {
            // (1400 + 12000/24) / 4000 = 0.475
            DecisionResult r = application().debts(1400).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            Reason reason = r.reasons().stream().filter(x -> x.code().equals("KO_DEBT_TO_INCOME")).findFirst().orElseThrow();
            assertTrue(reason.text().contains("47.5 %"), reason.text());
            assertTrue(reason.text().contains("the limit is 45 %"), reason.text());
            assertEquals(0.45, r.cutOffs().get("policy.max_debt_to_income"));
            // (1300 + 500) / 4000 = 0.45 exactly: at the limit, not above it
            assertFalse(application().debts(1300).decide().reasonCodes().contains("KO_DEBT_TO_INCOME"));
        }

        @Test
        void declinesAfterSevereRecentDelinquency() {
            DecisionResult r = application().delinquency(3).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertTrue(r.reasonCodes().contains("KO_SEVERE_DELINQUENCY"));
            assertFalse(application().delinquency(2).decide().reasonCodes().contains("KO_SEVERE_DELINQUENCY"));
        }

        @Test
        void aKnockOutDeclinesEvenWhenTheModelWouldApprove() {
            DecisionResult r = application().age(16).probability(0.01).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertTrue(r.reasonCodes().containsAll(java.util.List.of("KO_UNDERAGE", "MODEL_LOW_RISK")));
        }
    }

    @Nested
    class Referrals {
        @Test
        void refersAfterMildRecentDelinquency() {
            assertEquals(Outcome.REFER, application().delinquency(1).decide().outcome());
            assertTrue(application().delinquency(2).decide().reasonCodes().contains("REFER_RECENT_DELINQUENCY"));
            assertFalse(application().delinquency(0).decide().reasonCodes().contains("REFER_RECENT_DELINQUENCY"));
            assertFalse(application().delinquency(3).decide().reasonCodes().contains("REFER_RECENT_DELINQUENCY"));
        }

        @Test
        void refersWhenDebtToIncomeIsInTheReviewBand() {
            // (1100 + 500) / 4000 = 0.40
            DecisionResult r = application().debts(1100).decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertTrue(r.reasonCodes().contains("REFER_DEBT_TO_INCOME"));
            // (940 + 500) / 4000 = 0.36: at the lower bound, not above it
            assertFalse(application().debts(940).decide().reasonCodes().contains("REFER_DEBT_TO_INCOME"));
            // above 45 % it is a decline, not a referral
            assertFalse(application().debts(1400).decide().reasonCodes().contains("REFER_DEBT_TO_INCOME"));
        }

        @Test
        void refersLoansAbove50000() {
            DecisionResult r = application().amount(50001).term(120).income(10000).decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertTrue(r.reasonCodes().contains("REFER_LARGE_AMOUNT"));
            assertFalse(application().amount(50000).term(120).income(10000).decide().reasonCodes().contains("REFER_LARGE_AMOUNT"));
        }

        @Test
        void refersUnemployedApplicants() {
            assertTrue(application().employment(EmploymentStatus.UNEMPLOYED).decide().reasonCodes().contains("REFER_UNEMPLOYED"));
            assertFalse(application().employment(EmploymentStatus.RETIRED).decide().reasonCodes().contains("REFER_UNEMPLOYED"));
        }
    }

    @Nested
    class ModelCutOffs {
        @Test
        void declinesWhenTheDefaultProbabilityIsAbove35Percent() {
            DecisionResult r = application().probability(0.36).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertEquals(java.util.List.of("MODEL_HIGH_RISK"), r.reasonCodes());
            assertTrue(r.reasons().get(0).text().contains("36 %"), r.reasons().get(0).text());
            assertEquals(0.35, r.cutOffs().get("credit-default.decline_above"));
            assertFalse(application().decideWithScore(0.35).reasonCodes().contains("MODEL_HIGH_RISK"));
        }

        @Test
        void refersBetween20And35Percent() {
            DecisionResult r = application().probability(0.30).decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertEquals(java.util.List.of("MODEL_MEDIUM_RISK"), r.reasonCodes());
            assertEquals(Outcome.REFER, application().decideWithScore(0.35).outcome());
            assertFalse(application().decideWithScore(0.20).reasonCodes().contains("MODEL_MEDIUM_RISK"));
        }

        @Test
        void approvesAt20PercentOrLess() {
            assertEquals(java.util.List.of("MODEL_LOW_RISK"), application().decideWithScore(0.20).reasonCodes());
            assertFalse(application().decideWithScore(0.2001).reasonCodes().contains("MODEL_LOW_RISK"));
        }

        @Test
        void refersWhenAFeatureIsMissingNamingIt() {
            DecisionResult r = application().without("risk_signal").decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertEquals(java.util.List.of("MODEL_UNAVAILABLE"), r.reasonCodes());
            assertTrue(r.reasons().get(0).text().contains("risk_signal"), r.reasons().get(0).text());
            assertNull(r.scores().get(0).value());
        }

        @Test
        void refersWhenAFeatureIsNaNNeverScoringIt() {
            DecisionResult r = application().input("risk_signal", Double.NaN).decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertTrue(r.reasons().get(0).text().contains("NaN"), r.reasons().get(0).text());
            assertFalse(application().decide().reasonCodes().contains("MODEL_UNAVAILABLE"));
        }

        @Test
        void refersWhenNoModelIsServing() {
            try (ModelRegistry empty = new ModelRegistry(registry.host())) {
                DecisionResult r = PolicyFixture.application(PolicyFixture.engine(empty)).decide();
                assertEquals(Outcome.REFER, r.outcome());
                assertTrue(r.reasons().get(0).text().contains("no model named 'credit-default'"), r.reasons().get(0).text());
            }
        }
    }

    @Nested
    class PrincipalReasons {
        @Test
        void aModelDeclineGivesTheModelsReasonCodesAndTheAttributionsBehindThem() {
            DecisionResult r = application().probability(0.70).decide();
            assertEquals(Outcome.DECLINE, r.outcome());
            assertEquals(java.util.List.of("RC99"), r.principalReasonCodes());
            assertEquals("Risk signal of the test model", r.principalReasons().get(0).text());
            var risk = r.attributions().stream().filter(a -> a.feature().equals("risk_signal")).findFirst().orElseThrow();
            assertEquals(PolicyFixture.signalFor(0.70) - PolicyFixture.signalFor(0.10), risk.contribution(), 1e-5);
            assertTrue(r.rulesFired().contains("Give the model's principal reasons"));
        }

        @Test
        void aModelDeclineRecordsHowItsAttributionsWereComputed() {
            DecisionResult r = application().probability(0.70).decide();
            assertEquals(io.credence.plugin.explain.ExplanationMethod.BASELINE_SHAPLEY, r.explanation().method());
            assertTrue(r.explanation().exact(), "two features: every coalition is evaluated");
            assertEquals(0.0, r.explanation().maxError(), 0.0);
            assertTrue(r.attributions().stream().allMatch(a -> a.error() == 0.0));
            assertEquals(null, application().age(17).decide().explanation(), "no model explanation, no summary");
        }

        @Test
        void aFeatureTheModelIgnoresIsNeverAPrincipalReason() {
            DecisionResult r = application().probability(0.70).input("stability", 99.0).decide();
            assertEquals(java.util.List.of("RC99"), r.principalReasonCodes());
            var stability = r.attributions().stream().filter(a -> a.feature().equals("stability")).findFirst().orElseThrow();
            assertEquals(0.0, stability.contribution(), 0.0);
        }

        @Test
        void aModelReferralGivesTheModelsReasonCodes() {
            DecisionResult r = application().probability(0.30).decide();
            assertEquals(Outcome.REFER, r.outcome());
            assertEquals(java.util.List.of("RC99"), r.principalReasonCodes());
        }

        @Test
        void aKnockOutAloneGivesOnlyThePolicyReasonAndNoExplanation() {
            DecisionResult r = application().age(17).decide();
            assertEquals(java.util.List.of("KO_UNDERAGE"), r.principalReasonCodes());
            assertTrue(r.attributions().isEmpty());
            assertFalse(r.rulesFired().contains("Give the model's principal reasons"));
        }

        @Test
        void policyReasonsComeFirstThenModelReasonsAtMostFour() {
            DecisionResult r = application().age(17).income(0).delinquency(4).probability(0.8).decide();
            assertEquals(java.util.List.of("KO_NO_INCOME", "KO_SEVERE_DELINQUENCY", "KO_UNDERAGE", "RC99"), r.principalReasonCodes());
            DecisionResult same = application().age(17).income(0).delinquency(4).probability(0.8).decide();
            assertEquals(r.principalReasons(), same.principalReasons());
        }

        @Test
        void anApprovalHasNoPrincipalReasonsAndRunsNoExplanation() {
            DecisionResult r = application().decide();
            assertTrue(r.principalReasons().isEmpty());
            assertTrue(r.attributions().isEmpty());
        }

        @Test
        void aReferralBecauseTheModelCouldNotScoreSaysSo() {
            DecisionResult r = application().without("risk_signal").decide();
            assertEquals(java.util.List.of("MODEL_UNAVAILABLE"), r.principalReasonCodes());
        }
    }
}
