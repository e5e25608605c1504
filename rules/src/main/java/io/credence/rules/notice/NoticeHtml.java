package io.credence.rules.notice;

import io.credence.rules.audit.web.Html;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The notice as one self-contained HTML page: every text from {@link Notice}, escaped; one inline
 * stylesheet with a print layout ({@code @media print}: US Letter, no screen margins); no
 * scripts, images or anything loaded from elsewhere, so it prints the same wherever it is opened.
 *
 * <pre>{@code
 * String html = NoticeHtml.render(notice);
 * response.header("Content-Security-Policy", NoticeHtml.CONTENT_SECURITY_POLICY);
 * }</pre>
 */
public final class NoticeHtml {

    /** The stylesheet: screen and print. */
    static final String STYLE = """
            body{margin:0;background:#fff;color:#111;font-family:Georgia,"Times New Roman",serif;line-height:1.45}
            main{max-width:44rem;margin:2rem auto;padding:0 1.5rem}
            header{display:flex;justify-content:space-between;align-items:flex-start;gap:2rem}
            .creditor-name{font-weight:bold;margin:0}
            address{font-style:normal}
            h1{font-size:1.35rem;margin:2rem 0 1rem}
            h2{font-size:1.05rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #999}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
            dt{font-weight:bold}
            dd{margin:0}
            dd ol{margin:0;padding-left:1.2rem}
            .reference{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:.5rem;font-size:.8rem;color:#444;overflow-wrap:anywhere}
            @media print{
            @page{size:letter;margin:2cm}
            body{font-size:11pt}
            main{max-width:none;margin:0;padding:0}
            .reference{color:#000}
            h2{break-after:avoid}
            section{break-inside:avoid}
            }
            """;

    /** Nothing but the page and its own stylesheet (by its hash): no scripts, frames, forms or remote content. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + styleHash() + "';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private NoticeHtml() {
    }

    /** The page, UTF-8 text. */
    public static String render(Notice n) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .text(n.title() + " – decision " + n.decisionId()).raw("</title>\n<style>").raw(STYLE)
                .raw("</style>\n</head>\n<body>\n<main class=\"notice\">\n");

        h.raw("<header>\n<div id=\"creditor\"><p class=\"creditor-name\" id=\"creditor-name\">")
                .text(n.issuer().creditorName()).raw("</p>\n");
        address(h, "creditor-address", n.issuer().creditorAddress());
        h.raw("</div>\n<p id=\"notice-date\">").text(n.dateText()).raw("</p>\n</header>\n");
        h.raw("<h1 id=\"notice-title\">").text(n.title()).raw("</h1>\n");

        h.raw("<section aria-labelledby=\"action-heading\"><h2 id=\"action-heading\">").text(Notice.ACTION_HEADING)
                .raw("</h2>\n<p id=\"action-taken\">").text(n.action().statement()).raw("</p></section>\n");

        h.raw("<section aria-labelledby=\"reasons-heading\"><h2 id=\"reasons-heading\">").text(n.action().reasonsHeading())
                .raw("</h2>\n");
        if (n.reasons().isEmpty()) {
            h.raw("<p id=\"principal-reasons\">").text(Notice.NO_REASON).raw("</p>");
        } else {
            list(h, "principal-reasons", n.reasons());
        }
        h.raw("</section>\n");

        for (int i = 0; i < n.scores().size(); i++) {
            ScoreDisclosure s = n.scores().get(i);
            h.raw("<section class=\"score\" id=\"score-" + i + "\" aria-labelledby=\"score-heading-" + i + "\">"
                    + "<h2 id=\"score-heading-" + i + "\">").text(Notice.SCORE_HEADING).raw("</h2>\n<p>")
                    .text(Notice.SCORE_INTRO).raw("</p>\n<dl>\n");
            h.raw("<dt>").text(ScoreDisclosure.SCORE).raw("</dt><dd class=\"score-value\">").text(s.score()).raw("</dd>\n");
            h.raw("<dt>").text(ScoreDisclosure.RANGE).raw("</dt><dd>").text(s.range()).raw("</dd>\n");
            h.raw("<dt>").text(ScoreDisclosure.KEY_FACTORS).raw("</dt><dd>");
            if (s.keyFactors().isEmpty()) {
                h.text(ScoreDisclosure.NO_KEY_FACTORS);
            } else {
                list(h, "key-factors-" + i, s.keyFactors());
            }
            h.raw("</dd>\n<dt>").text(ScoreDisclosure.CREATED).raw("</dt><dd>").text(s.createdText()).raw("</dd>\n");
            h.raw("<dt>").text(ScoreDisclosure.SOURCE).raw("</dt><dd>").text(s.source()).raw("</dd>\n</dl></section>\n");
        }

        NoticeSettings.ReportingAgency bureau = n.issuer().reportingAgency();
        if (bureau != null) {
            h.raw("<section aria-labelledby=\"fcra-heading\"><h2 id=\"fcra-heading\">").text(Notice.FCRA_HEADING)
                    .raw("</h2>\n<p id=\"fcra-notice\">").text(Notice.FCRA_NOTICE)
                    .raw("</p>\n<div id=\"reporting-agency\"><p id=\"reporting-agency-name\">").text(bureau.name()).raw("</p>\n");
            address(h, "reporting-agency-address", bureau.address());
            h.raw("<p id=\"reporting-agency-phone\">").text(Notice.FCRA_PHONE + ": " + bureau.phone()).raw("</p></div></section>\n");
        }

        h.raw("<section aria-labelledby=\"ecoa-heading\"><h2 id=\"ecoa-heading\">").text(Notice.ECOA_HEADING)
                .raw("</h2>\n<p id=\"ecoa-notice\">").text(Notice.ECOA_NOTICE).raw("</p>\n<div id=\"agency\"><p id=\"agency-name\">")
                .text(n.issuer().agencyName()).raw("</p>\n");
        address(h, "agency-address", n.issuer().agencyAddress());
        h.raw("</div></section>\n");

        h.raw("<p class=\"reference\" id=\"reference\">").text(n.reference()).raw("</p>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void address(Html h, String id, List<String> lines) {
        h.raw("<address id=\"" + id + "\">");
        for (int i = 0; i < lines.size(); i++) {
            h.raw(i == 0 ? "" : "<br>\n").text(lines.get(i));
        }
        h.raw("</address>\n");
    }

    private static void list(Html h, String id, List<String> items) {
        h.raw("<ol id=\"" + id + "\">\n");
        items.forEach(item -> h.raw("<li>").text(item).raw("</li>\n"));
        h.raw("</ol>");
    }

    /** {@code sha256-…} of the stylesheet, for the Content-Security-Policy. */
    private static String styleHash() {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(STYLE.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
