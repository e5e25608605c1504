package io.credence.rules.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The FCRA 615(a)(3)-(4) part of the notice, for a creditor whose applications include a consumer report. */
class ReportingAgencyNoticeTest {

    static final NoticeSettings WITH_BUREAU = NoticeFixtures.LENDER.withReportingAgency("Example Credit Bureau, Inc.",
            "P.O. Box 1000|Chester, PA 19016", "1-800-555-0100");

    @Test
    void theNoticeNamesTheAgencyAndTheApplicantsRightsBeforeTheEcoaNotice() {
        List<String> lines = Notice.of(NoticeFixtures.stored(2, "DECLINE"), WITH_BUREAU).lines();
        int fcra = lines.indexOf(Notice.FCRA_HEADING);
        assertTrue(fcra > 0, lines.toString());
        assertEquals(List.of(Notice.FCRA_HEADING, Notice.FCRA_NOTICE, "Example Credit Bureau, Inc.", "P.O. Box 1000",
                "Chester, PA 19016", "Telephone: 1-800-555-0100"), lines.subList(fcra, fcra + 6));
        assertTrue(fcra < lines.indexOf(Notice.ECOA_HEADING), "before the ECOA notice");
        for (String right : List.of("played no part in our decision", "unable to supply specific reasons",
                "free copy of your report", "no later than 60 days", "right to dispute")) {
            assertTrue(Notice.FCRA_NOTICE.contains(right), right);
        }
    }

    @Test
    void withoutAnAgencyTheNoticeHasNoConsumerReportPart() {
        assertNull(NoticeFixtures.LENDER.reportingAgency());
        assertNull(NoticeFixtures.LENDER.withReportingAgency(" ", null, "").reportingAgency(), "blank is none");
        assertFalse(Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER).lines()
                .contains(Notice.FCRA_HEADING));
    }

    @Test
    void thePageAndThePdfCarryThePart() throws IOException {
        Notice referred = Notice.of(NoticeFixtures.stored(30, "REFER"), WITH_BUREAU);
        Document page = Jsoup.parse(NoticeHtml.render(referred));
        assertEquals(Notice.FCRA_HEADING, page.getElementById("fcra-heading").text());
        assertEquals("Example Credit Bureau, Inc.", page.getElementById("reporting-agency-name").text());
        assertEquals("P.O. Box 1000 Chester, PA 19016", page.getElementById("reporting-agency-address").text());
        assertEquals("Telephone: 1-800-555-0100", page.getElementById("reporting-agency-phone").text());
        String pdf = NoticePdfTest.text(NoticePdf.render(referred));
        assertTrue(pdf.contains(Notice.FCRA_HEADING + " " + Notice.FCRA_NOTICE), pdf);
        assertTrue(pdf.contains("Example Credit Bureau, Inc. P.O. Box 1000 Chester, PA 19016 Telephone: 1-800-555-0100"), pdf);
    }

    @Test
    void settingsNeedAllThreeAndATelephoneNumber() {
        IllegalArgumentException some = assertThrows(IllegalArgumentException.class,
                () -> NoticeFixtures.LENDER.withReportingAgency("Bureau", "", null));
        assertTrue(some.getMessage().contains("go together") && some.getMessage().endsWith(
                "missing: credence.notice.reporting-agency-address, credence.notice.reporting-agency-phone"), some.getMessage());
        IllegalArgumentException phone = assertThrows(IllegalArgumentException.class,
                () -> NoticeFixtures.LENDER.withReportingAgency("Bureau", "1 Street", "call us"));
        assertTrue(phone.getMessage().startsWith("credence.notice.reporting-agency-phone must be a telephone number"),
                phone.getMessage());
    }
}
