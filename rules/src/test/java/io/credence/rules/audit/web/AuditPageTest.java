package io.credence.rules.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditPageTest {

    private static final Viewer REVEALER = new Viewer(new Principal("rita", Set.of(Role.REVIEW, Role.REVIEW_PII), "session"),
            "tok-rita");

    @TempDir
    Path dir;

    private JdbcAuditLog log;
    private AuditPage page;

    @BeforeEach
    void fill() {
        log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        log.append(AuditFixtures.decided(1, "APPROVE", "1.0.0"));
        log.append(AuditFixtures.decided(2, "DECLINE", "1.1.0"));
        log.append(AuditFixtures.rejected(3));
        page = new AuditPage(log);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void listsEveryDecisionWithoutFilters() {
        AuditPage.Page result = page.search(Map.of());

        assertEquals(200, result.status());
        assertTrue(result.html().contains("3 decisions"), result.html());
        assertTrue(result.html().contains("href=\"/audit/decisions/dec-2\""), result.html());
    }

    @Test
    void filtersByOutcomeAndKeepsTheFormFilledIn() {
        AuditPage.Page result = page.search(Map.of("outcome", "DECLINE", "modelVersion", "1.1.0"));

        assertTrue(result.html().contains("1 decision<"), result.html());
        assertTrue(result.html().contains("<option value=\"DECLINE\" selected>"), result.html());
        assertTrue(result.html().contains("value=\"1.1.0\""), result.html());
        assertFalse(result.html().contains("dec-1"), result.html());
    }

    @Test
    void rejectsAMalformedDateNamingFieldAndValue() {
        AuditPage.Page result = page.search(Map.of("from", "yesterday"));

        assertEquals(400, result.status());
        assertTrue(result.html().contains("from must be a date like 2026-03-01, was yesterday"), result.html());
    }

    @Test
    void aDeclineLinksItsAdverseActionNoticeUntilItsPersonalDataIsErased() {
        String approved = page.decision("dec-1", Viewer.NONE, false).html();
        String rejected = page.decision("dec-3", Viewer.NONE, false).html();
        String declined = page.decision("dec-2", Viewer.NONE, false).html();
        log.erase(io.credence.rules.audit.ErasureRequest.ofApplication("app-2", "GDPR Art. 17, test", "cli:t", "cli"));
        String erased = page.decision("dec-2", Viewer.NONE, false).html();

        assertTrue(declined.contains("<p id=\"notice-link\"><a href=\"/api/v1/decisions/dec-2/notice\">Adverse action"
                + " notice</a>"), declined);
        assertTrue(declined.contains("<code>GET /api/v1/decisions/dec-2/notice</code> with <code>Accept: application/pdf"
                + "</code>"), declined);
        assertFalse(approved.contains("notice-link"), "an approval has no notice");
        assertFalse(rejected.contains("notice-link"), "nor has an input that was not decided");
        assertTrue(erased.contains("<p id=\"notice-link\">No adverse action notice can be made any more: its reason texts"
                + " were erased with the personal data on " + log.find("dec-2").orElseThrow().inputErasedAt()), erased);
    }

    @Test
    void escapesEverythingItShows() {
        AuditEntry hostile = new AuditEntry("dec-<x>", "<script>alert(1)</script>", "rest", AuditFixtures.DAY_ONE,
                AuditFixtures.DAY_ONE, "<img src=x onerror=alert(1)>", AuditEntry.Status.FAILED, null, List.of(),
                List.of(), Map.of(), List.of(), null, List.of("boom \"quoted\" & <tag>"));
        log.append(hostile);

        String search = page.search(Map.of("applicationId", "<script>alert(1)</script>")).html();
        String detail = page.decision("dec-<x>", Viewer.NONE, true).html();

        assertFalse(search.contains("<script>"), search);
        assertTrue(search.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), search);
        assertTrue(search.contains("href=\"/audit/decisions/dec-%3Cx%3E\""), search);
        assertFalse(detail.contains("<img"), detail);
        assertTrue(detail.contains("boom &quot;quoted&quot; &amp; &lt;tag&gt;"), detail);
    }

    @Test
    void showsTheWholeRecordOfADecisionOnceRevealed() {
        String before = page.decision("dec-2", REVEALER, true).html();
        log.verify();
        String html = page.decision("dec-2", REVEALER, true).html();

        assertTrue(before.contains("not run by this service since it started"), "no walk per page view: " + before);
        assertTrue(html.contains("leaf 1 of the Merkle tree (3 leaves)"), html);
        assertTrue(html.contains("none (the service signs no checkpoints)"), html);

        assertTrue(html.contains("KO_DEBT_TO_INCOME"), html);
        assertTrue(html.contains("debt_to_income"), html);
        assertTrue(html.contains("credit-default.decline"), html);
        assertTrue(html.contains("score-decline"), html);
        assertTrue(html.contains(AuditFixtures.RULE_BASE.drlSha256()), html);
        assertTrue(html.contains("intact (3 records verified at "), html);
        assertTrue(html.contains(log.find("dec-2").orElseThrow().recordHash()), html);
        assertTrue(html.contains("Jane Doe"), html);
        assertTrue(html.contains("id=\"principal-table\""), html);
        assertTrue(html.contains("model explanation: checking_status"), html);
        assertTrue(html.contains("0.8125"), html);
        assertTrue(html.contains("<td>A11</td><td>A14</td>"), html);
        assertTrue(html.contains("id=\"revealed-note\""), html);
        assertFalse(html.contains("id=\"reveal-form\""), html);
    }

    @Test
    void masksTheInputTheFeatureValuesTheApplicantsValuesAndTheErrorsByDefault() {
        String html = page.decision("dec-2", REVEALER, false).html();
        String rejected = page.decision("dec-3").html();

        assertFalse(html.contains("Jane Doe"), html);
        assertFalse(html.contains("52000"), html);
        assertTrue(html.contains("Masked: the input holds the applicant's personal data."), html);
        assertTrue(html.contains("<td>debt_to_income</td><td>masked</td>"), html);
        assertTrue(html.contains("<td>checking_status</td><td>status of checking account</td>") || html.contains(
                "<td>checking_status</td><td>masked</td><td>masked</td><td>0.8125</td>"), html);
        assertFalse(html.contains("A11") || html.contains("A14"), html);
        assertTrue(html.contains(log.find("dec-2").orElseThrow().personalDataCommitment()), "the commitment stays visible");
        assertTrue(html.contains("KO_DEBT_TO_INCOME"), "the reasons stay visible");
        assertFalse(rejected.contains("invalid JSON at offset 1"), rejected);
        assertTrue(rejected.contains("1 error, masked"), rejected);
    }

    @Test
    void offersTheRevealFormOnlyToReviewPiiWithTheSessionsToken() {
        String revealer = page.decision("dec-2", REVEALER, false).html();
        String reviewer = page.decision("dec-2", new Viewer(new Principal("rob", Set.of(Role.REVIEW), "session"), "tok-rob"),
                false).html();

        assertTrue(revealer.contains("<form method=\"post\" id=\"reveal-form\" aria-label=\"Reveal personal data\""
                + " action=\"/audit/decisions/dec-2/reveal\">"), revealer);
        assertTrue(revealer.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok-rita\">"), revealer);
        assertTrue(revealer.contains("minlength=\"10\""), revealer);
        assertFalse(reviewer.contains("reveal-form"), reviewer);
        assertTrue(reviewer.contains("needs the review-pii role"), reviewer);
        assertTrue(reviewer.contains("action=\"/audit/sign-out\""), "a session can sign out");
        assertFalse(reviewer.contains("/audit/access"), "only admins get the access log link");
    }

    @Test
    void saysWhyAReasonWasRefused() {
        AuditPage.Page result = page.decision("dec-2", REVEALER, false, "Give a reason of 10 to 500 characters, was 3.");

        assertEquals(400, result.status());
        assertTrue(result.html().contains("was 3."), result.html());
        assertFalse(result.html().contains("Jane Doe"), result.html());
    }

    @Test
    void saysWhenTheInputWasErased() {
        log.erase(io.credence.rules.audit.ErasureRequest.ofApplication("app-2", "GDPR Art. 17, test", "cli:t", "cli"));
        log.verify();

        String html = page.decision("dec-2", REVEALER, true).html();

        assertTrue(html.contains("Erased on"), html);
        assertFalse(html.contains("Jane Doe"), html);
        assertTrue(html.contains("intact (4 records verified at "), html);
    }

    @Test
    void showsABrokenChainOnTheDecisionPage() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("audit"),
                "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_record SET outcome = 'APPROVE' WHERE sequence = 2");
        }

        log.verify();   // the service's own walk; the page shows its result
        String html = page.decision("dec-1").html();

        assertTrue(html.contains("BROKEN at record 2: CHANGED"), html);
    }

    @Test
    void answersNotFoundForAnUnknownDecision() {
        assertEquals(404, page.decision("nope").status());
    }

    @Test
    void parsesARawQueryString() {
        assertEquals(Map.of("applicationId", "a b&c", "from", "2026-03-01", "outcome", ""),
                AuditPage.parseQuery("applicationId=a+b%26c&from=2026-03-01&outcome="));
    }

    @Test
    void theUnavailablePageNamesTheStoreWithoutItsCredentials() {
        String url = "jdbc:postgresql://app:url-s3cret@db:5432/credence?user=app&password=url-s3cret";

        AuditPage.Page unavailable = AuditPage.unavailable("cannot reach the audit log at " + url);
        String message = new io.credence.rules.audit.AuditUnavailableException("cannot reach " + url, null).getMessage();

        assertEquals(503, unavailable.status());
        assertTrue(unavailable.html().contains("jdbc:postgresql://***@db:5432/credence"), unavailable.html());
        assertFalse(unavailable.html().contains("url-s3cret"), unavailable.html());
        assertFalse(message.contains("url-s3cret"), message);
    }
}
