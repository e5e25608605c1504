package io.credence.rules.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeTest {

    @Test
    void aDeclineIsADenialWithTheRecordedReasonsTheCreditorTheEcoaNoticeAndTheScore() {
        Notice notice = Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER);

        assertEquals(Notice.Action.DENIED, notice.action());
        assertEquals("We have denied your application for credit.", notice.action().statement());
        assertEquals(List.of(NoticeFixtures.POLICY_REASON, NoticeFixtures.MODEL_REASON), notice.reasons());
        assertEquals("March 2, 2026", notice.dateText());
        assertEquals("dec-2", notice.decisionId());
        ScoreDisclosure score = notice.scores().get(0);
        assertEquals("7.3 %", score.score(), "0.0731 as a percentage");
        assertTrue(score.range().startsWith("0 % to 100 %"), score.range());
        assertEquals(List.of("status of checking account"), score.keyFactors(), "the adverse attribution only");
        assertEquals(LocalDate.of(2026, 3, 2), score.created());
        assertEquals("First Example Bank, with its credit risk model credit-default version 1.1.0", score.source());
        List<String> lines = notice.lines();
        assertEquals(List.of("First Example Bank", "1 Main Street", "Springfield, IL 62701", "March 2, 2026",
                "Notice of action taken on your application for credit", "Action taken",
                "We have denied your application for credit.", "Principal reasons for denial of credit",
                NoticeFixtures.POLICY_REASON, NoticeFixtures.MODEL_REASON), lines.subList(0, 10));
        assertTrue(lines.contains("Your credit score: 7.3 %"), lines.toString());
        assertTrue(lines.contains("Date the score was created: March 2, 2026"), lines.toString());
        int ecoa = lines.indexOf(Notice.ECOA_NOTICE);
        assertTrue(Notice.ECOA_NOTICE.startsWith("The Federal Equal Credit Opportunity Act prohibits creditors from"
                + " discriminating against credit applicants on the basis of race, color, religion, national origin, sex,"
                + " marital status, age (provided the applicant has the capacity to enter into a binding contract)"));
        assertEquals(List.of("Federal Trade Commission", "Consumer Response Center", "600 Pennsylvania Avenue NW",
                "Washington, DC 20580"), lines.subList(ecoa + 1, ecoa + 5), "the agency follows the ECOA notice");
        assertEquals("Application app-2, decision dec-2. Made from audit record 2 (SHA-256 " + "0".repeat(63) + "2).",
                lines.get(lines.size() - 1));
    }

    @Test
    void aReferralIsNotADenialButSaysWhyItWasNotApprovedAsSubmitted() {
        Notice notice = Notice.of(NoticeFixtures.stored(30, "REFER"), NoticeFixtures.LENDER);

        assertEquals(Notice.Action.NOT_APPROVED_AS_SUBMITTED, notice.action());
        assertTrue(notice.action().statement().startsWith("We cannot approve your application for credit as submitted."),
                notice.action().statement());
        assertTrue(notice.action().statement().contains("This is not a denial"));
        assertEquals("Principal reasons why we could not approve your application as submitted",
                notice.action().reasonsHeading());
        assertEquals(List.of(NoticeFixtures.POLICY_REASON, NoticeFixtures.MODEL_REASON), notice.reasons());
        assertTrue(notice.lines().contains(Notice.ECOA_NOTICE));
        assertEquals("7.3 %", notice.scores().get(0).score());
    }

    @Test
    void anApprovalOrAnUndecidedInputGivesNoNoticeAndSaysWhy() {
        NoNoticeException approved = assertThrows(NoNoticeException.class,
                () -> Notice.of(NoticeFixtures.stored(AuditFixtures.decided(1, "APPROVE", "1.0.0"), 1, null),
                        NoticeFixtures.LENDER));
        NoNoticeException rejected = assertThrows(NoNoticeException.class,
                () -> Notice.of(NoticeFixtures.stored(AuditFixtures.rejected(4), 4, null), NoticeFixtures.LENDER));

        assertEquals(NoNoticeException.Why.NO_ADVERSE_ACTION, approved.why());
        assertEquals("decision dec-1 approved the application: no adverse action notice applies", approved.getMessage());
        assertEquals(NoNoticeException.Why.NO_ADVERSE_ACTION, rejected.why());
        assertTrue(rejected.getMessage().contains("status REJECTED"), rejected.getMessage());
    }

    @Test
    void afterErasureThereIsNoNoticeAndTheAnswerSaysWhen() {
        Instant erased = Instant.parse("2026-04-01T08:00:00Z");

        NoNoticeException e = assertThrows(NoNoticeException.class, () -> Notice.of(NoticeFixtures.stored(
                AuditFixtures.explained(2, "DECLINE", io.credence.plugin.explain.ExplanationMethod.BASELINE_SHAPLEY, 0.0),
                2, erased), NoticeFixtures.LENDER));

        assertEquals(NoNoticeException.Why.ERASED, e.why());
        assertEquals(erased, e.erasedAt());
        assertTrue(e.getMessage().contains("erased on 2026-04-01T08:00:00Z"), e.getMessage());
    }

    @Test
    void theDatesAreTheDecisionsDayInTheCreditorsTimeZone() {
        AuditEntry late = AuditFixtures.decided("dec-late", "app-late", Instant.parse("2026-03-02T23:30:00Z"), "DECLINE",
                "1.0.0");
        NoticeSettings berlin = NoticeSettings.of("First Example Bank", "1 Main Street", "Federal Trade Commission",
                "Washington, DC 20580", "Europe/Berlin");

        assertEquals("March 2, 2026", Notice.of(NoticeFixtures.stored(late, 9, null), NoticeFixtures.LENDER).dateText());
        Notice there = Notice.of(NoticeFixtures.stored(late, 9, null), berlin);
        assertEquals("March 3, 2026", there.dateText());
        assertEquals(LocalDate.of(2026, 3, 3), there.scores().get(0).created());
    }

    @Test
    void atMostFourReasonsAndFourKeyFactorsTheLargestAdverseContributionsFirst() {
        AuditEntry base = AuditFixtures.decided(5, "DECLINE", "1.0.0");
        List<Reason> principal = new ArrayList<>();
        List<FeatureAttribution> attributions = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            principal.add(new Reason("R" + i, "Reason " + i, Outcome.DECLINE, "rule " + i));
            attributions.add(new FeatureAttribution("f" + i, "feature " + i, "x", "y", i == 3 ? -0.5 : 0.1 * i, 0.0));
        }
        AuditEntry entry = new AuditEntry(base.decisionId(), base.applicationId(), base.channel(), base.receivedAt(),
                base.decidedAt(), base.rawInput(), base.status(), base.outcome(), base.reasons(), base.scores(),
                base.cutOffs(), base.rulesFired(), base.ruleBase(), base.errors(), principal, attributions);

        Notice notice = Notice.of(NoticeFixtures.stored(entry, 5, null), NoticeFixtures.LENDER);

        assertEquals(List.of("Reason 1", "Reason 2", "Reason 3", "Reason 4"), notice.reasons(), "as recorded, in order");
        assertEquals(List.of("feature 6", "feature 5", "feature 4", "feature 2"), notice.scores().get(0).keyFactors(),
                "adverse only (feature 3 lowered the risk), largest first, four");
    }

    @Test
    void settingsNameTheKeyThatIsWrong() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> NoticeSettings.of(" ",
                "1 Main Street", "FTC", "Washington", "UTC"));
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class, () -> NoticeSettings.of("Bank",
                "1 Main Street", "FTC", "Washington", "Mars/Olympus"));
        IllegalArgumentException lines = assertThrows(IllegalArgumentException.class, () -> NoticeSettings.of("Bank",
                "1|2|3|4|5|6|7", "FTC", "Washington", "UTC"));

        assertTrue(blank.getMessage().startsWith("credence.notice.creditor-name is required"), blank.getMessage());
        assertTrue(zone.getMessage().startsWith("credence.notice.time-zone must be a time-zone id"), zone.getMessage());
        assertTrue(lines.getMessage().startsWith("credence.notice.creditor-address must have 1 to 6 lines"),
                lines.getMessage());
    }
}
