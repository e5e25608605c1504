package io.credence.rules.audit.web;

import io.credence.rules.security.AccessEvent;
import java.util.List;

/**
 * The access log for admins ({@code /audit/access}): who looked at what, newest first,
 * {@value #PAGE_SIZE} events a page.
 *
 * <pre>{@code
 * List<AccessEvent> events = accessLog.recent(page * AccessLogPage.PAGE_SIZE, AccessLogPage.PAGE_SIZE + 1);
 * AuditPage.Page html = AccessLogPage.render(events, page, viewer);
 * }</pre>
 */
final class AccessLogPage {

    /** Events on one page. */
    static final int PAGE_SIZE = 50;

    private AccessLogPage() {
    }

    /**
     * @param events up to {@value #PAGE_SIZE} + 1 events from the page's start; one more than a
     *               page means there is an older page
     * @param page   0 for the newest
     */
    static AuditPage.Page render(List<AccessEvent> events, int page, Viewer viewer) {
        boolean older = events.size() > PAGE_SIZE;
        List<AccessEvent> shown = older ? events.subList(0, PAGE_SIZE) : events;
        Html h = new Html();
        AuditPage.head(h, "Audit log – access log");
        AuditPage.viewerBar(h, viewer);
        h.raw("<h1>Access log</h1>\n<p>Who looked at which decision, who revealed personal data and why, and every"
                + " sign-in. Newest first.</p>\n");
        h.raw("<table id=\"access-table\">\n<caption>").text("Page " + (page + 1) + ": " + shown.size()
                + (shown.size() == 1 ? " event" : " events")).raw("</caption>\n<thead><tr>");
        for (String header : List.of("At (UTC)", "Principal", "Action", "Decision", "Detail")) {
            h.raw("<th scope=\"col\">").text(header).raw("</th>");
        }
        h.raw("</tr></thead>\n<tbody>\n");
        if (shown.isEmpty()) {
            h.raw("<tr><td colspan=\"5\">none</td></tr>\n");
        }
        for (AccessEvent e : shown) {
            h.raw("<tr>");
            h.element("td", e.at());
            h.element("td", e.principal());
            h.element("td", e.action());
            if (e.decisionId() == null) {
                h.raw("<td></td>");
            } else {
                h.raw("<td><a href=\"/audit/decisions/").text(AuditPage.pathSegment(e.decisionId())).raw("\">")
                        .text(e.decisionId()).raw("</a></td>");
            }
            h.element("td", e.detail() == null ? "" : e.detail());
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n<nav aria-label=\"Pages\">");
        if (page > 0) {
            h.raw("<a id=\"newer\" href=\"/audit/access?page=" + (page - 1) + "\">Newer</a> ");
        }
        if (older) {
            h.raw("<a id=\"older\" href=\"/audit/access?page=" + (page + 1) + "\">Older</a>");
        }
        h.raw("</nav>\n");
        AuditPage.foot(h);
        return new AuditPage.Page(200, h.toString());
    }
}
