package io.credence.rules.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NoticeHtmlTest {

    static final Notice DECLINED = Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER);

    @Test
    void thePagePrintsEveryTextOfTheNoticeEscaped() {
        String html = NoticeHtml.render(DECLINED);

        for (String line : DECLINED.lines()) {
            String shown = line.contains(": ") && !line.startsWith("Made") ? line.substring(line.indexOf(": ") + 2) : line;
            assertTrue(html.contains(io.credence.rules.audit.web.Html.escape(shown.endsWith(":")
                    ? shown.substring(0, shown.length() - 1) : shown)), "missing: " + line);
        }
        assertTrue(html.contains("<li>The applicant&#39;s debt &lt;b&gt;&amp;&lt;/b&gt; &quot;income&quot; ratio was"
                + " checked.</li>"), "the recorded text, escaped");
        assertFalse(html.contains("<b>&</b>"));
        assertTrue(html.contains("<p id=\"ecoa-notice\">The Federal Equal Credit Opportunity Act prohibits creditors"));
        assertTrue(html.contains("<dd class=\"score-value\">7.3 %</dd>"));
    }

    @Test
    void itHasAPrintStylesheetAndAPolicyThatAllowsOnlyThatStylesheet() throws Exception {
        String html = NoticeHtml.render(DECLINED);
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(style.getBytes(StandardCharsets.UTF_8)));

        assertTrue(style.contains("@media print{"), style);
        assertTrue(style.contains("@page{size:letter"), style);
        assertTrue(NoticeHtml.CONTENT_SECURITY_POLICY.startsWith("default-src 'none'; style-src 'sha256-" + hash + "';"),
                NoticeHtml.CONTENT_SECURITY_POLICY);
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="), "nothing loaded or linked");
    }

    @Test
    void theSameRecordGivesTheSamePage() {
        assertEquals(NoticeHtml.render(DECLINED),
                NoticeHtml.render(Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER)));
    }
}
