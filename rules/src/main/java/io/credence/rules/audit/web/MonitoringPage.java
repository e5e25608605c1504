package io.credence.rules.audit.web;

import io.credence.plugin.drift.Psi;
import io.credence.rules.drift.MonitorSnapshot;
import io.credence.rules.drift.OutcomeRates;
import io.credence.rules.drift.VariableDrift;
import io.credence.rules.drift.VersionSnapshot;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The monitoring page ({@code GET /audit/monitoring}, role review): per monitored model version the
 * live vs training score histogram, the PSI of every feature and of the score (a table with a bar
 * each), and this instance's approvals, referrals and declines per minute over the last hour. Charts
 * are inline SVG drawn here: no script, no remote content (the pages' Content-Security-Policy allows
 * none). Numbers carry {@code data-*} attributes with their exact values for tests and scrapers.
 *
 * <pre>{@code
 * AuditPage.Page page = MonitoringPage.render(monitor.snapshot(), viewer);
 * }</pre>
 */
public final class MonitoringPage {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final int CHART_WIDTH = 600;
    private static final int CHART_HEIGHT = 180;

    private MonitoringPage() {
    }

    /** The page; {@code snapshot} null = the service runs without a drift monitor. */
    public static AuditPage.Page render(MonitorSnapshot snapshot, Viewer viewer) {
        Html h = new Html();
        AuditPage.head(h, "Model monitoring");
        h.raw("<style>.psi-stable{color:#1b5e20}.psi-moderate{color:#8a5a00}.psi-shifted{color:#a00;font-weight:600}"
                + "svg{display:block;margin:.5rem 0 1rem;max-width:100%}.legend span{margin-right:1rem}</style>\n");
        AuditPage.viewerBar(h, viewer);
        h.raw("<h1>Model monitoring</h1>\n");
        if (snapshot == null) {
            h.raw("<p id=\"no-monitor\">This service runs without a drift monitor.</p>\n");
            AuditPage.foot(h);
            return new AuditPage.Page(200, h.toString());
        }
        h.raw("<p id=\"window\">Window: the last ").text(snapshot.settings().window()).raw(" scored applications per model version")
                .text(snapshot.settings().maxAge() == null ? "" : ", none older than " + snapshot.settings().maxAge())
                .raw(". PSI = Σ (live − training) · ln(live / training) over the card's training bins, each share at least ")
                .text(java.math.BigDecimal.valueOf(Psi.EPSILON).toPlainString()).raw("; no PSI below ").text(snapshot.settings().minApplications())
                .raw(" applications. Below 0.1 stable, 0.1–0.25 moderate, above ").text(snapshot.settings().warnAbove())
                .raw(" shifted (logged as a warning). As of ").text(snapshot.at()).raw(".</p>\n");
        if (snapshot.versions().isEmpty()) {
            h.raw("<p id=\"no-models\">No model version with training distributions in its card has been loaded.</p>\n");
        }
        for (VersionSnapshot version : snapshot.versions()) {
            version(h, version);
        }
        if (!snapshot.untracked().isEmpty()) {
            h.raw("<p id=\"untracked\">Not monitored (no training distributions in the card): ")
                    .text(String.join(", ", snapshot.untracked())).raw(".</p>\n");
        }
        outcomes(h, snapshot.minutes());
        AuditPage.foot(h);
        return new AuditPage.Page(200, h.toString());
    }

    private static void version(Html h, VersionSnapshot v) {
        String id = v.model() + "-" + v.version();
        h.raw("<section class=\"model\" id=\"model-").text(id).raw("\" data-model=\"").text(v.model())
                .raw("\" data-version=\"").text(v.version()).raw("\" data-applications=\"").text(v.applications()).raw("\">\n");
        h.raw("<h2>").text(v.id()).raw("</h2>\n<p>").text(v.applications()).raw(" scored applications in the window.</p>\n");
        h.raw("<h3>Score: live vs training</h3>\n");
        scoreChart(h, id, v.score());
        h.raw("<h3>Population stability index</h3>\n");
        psiTable(h, id, v.variables());
        h.raw("</section>\n");
    }

    /** Paired bars per score bin: training (grey) and live (blue), heights as shares. */
    private static void scoreChart(Html h, String id, VariableDrift score) {
        int bins = score.labels().size();
        double max = 0.01;
        for (int b = 0; b < bins; b++) {
            max = Math.max(max, Math.max(score.training().get(b), score.live().get(b)));
        }
        int slot = CHART_WIDTH / bins;
        int plot = CHART_HEIGHT - 30;
        h.raw("<svg id=\"score-histogram-").text(id).raw("\" role=\"img\" width=\"" + CHART_WIDTH + "\" height=\""
                + CHART_HEIGHT + "\" viewBox=\"0 0 " + CHART_WIDTH + " " + CHART_HEIGHT + "\">\n<title>Score histogram, live vs training</title>\n");
        for (int b = 0; b < bins; b++) {
            double train = score.training().get(b);
            double live = score.live().get(b);
            int x = b * slot;
            bar(h, "training", b, x + 4, plot, (slot - 10) / 2, train / max * plot, train, "#9e9e9e");
            bar(h, "live", b, x + 4 + (slot - 10) / 2 + 2, plot, (slot - 10) / 2, live / max * plot, live, "#1565c0");
            h.raw("<text x=\"" + (x + slot / 2) + "\" y=\"" + (plot + 16) + "\" font-size=\"11\" text-anchor=\"middle\">")
                    .text(score.labels().get(b)).raw("</text>\n");
        }
        h.raw("</svg>\n<p class=\"legend\"><span style=\"color:#616161\">■ training</span><span style=\"color:#1565c0\">■ live</span>"
                + " (share of applications per score bin)</p>\n");
    }

    private static void bar(Html h, String series, int bin, int x, int base, int width, double height, double share, String fill) {
        int px = (int) Math.round(height);
        h.raw("<rect class=\"" + series + "\" data-bin=\"" + bin + "\" data-share=\"").text(share).raw("\" x=\"" + x
                + "\" y=\"" + (base - px) + "\" width=\"" + width + "\" height=\"" + px + "\" fill=\"" + fill + "\"><title>")
                .text(series + " " + percent(share)).raw("</title></rect>\n");
    }

    private static void psiTable(Html h, String id, List<VariableDrift> variables) {
        h.raw("<table id=\"psi-").text(id).raw("\" class=\"psi\">\n<caption>PSI per variable</caption>\n<thead><tr>"
                + "<th scope=\"col\">Variable</th><th scope=\"col\">PSI</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Applications</th><th scope=\"col\">Bar (0 to 0.5)</th></tr></thead>\n<tbody>\n");
        for (VariableDrift v : variables) {
            String status = status(v.psi());
            h.raw("<tr data-variable=\"").text(v.name()).raw("\" data-psi=\"").text(Double.isNaN(v.psi()) ? "" : v.psi())
                    .raw("\"><th scope=\"row\">").text(v.name()).raw("</th><td class=\"psi-value\">")
                    .text(Double.isNaN(v.psi()) ? "—" : String.format(Locale.ROOT, "%.4f", v.psi()))
                    .raw("</td><td class=\"psi-").text(status).raw("\">").text(status).raw("</td><td>").text(v.observed())
                    .raw("</td><td><svg width=\"200\" height=\"12\" role=\"img\" aria-label=\"PSI bar\">");
            if (!Double.isNaN(v.psi())) {
                int w = (int) Math.round(Math.min(1, v.psi() / 0.5) * 200);
                String fill = "shifted".equals(status) ? "#c62828" : "moderate".equals(status) ? "#ef6c00" : "#2e7d32";
                h.raw("<rect class=\"psi-bar\" x=\"0\" y=\"1\" height=\"10\" width=\"" + w + "\" fill=\"" + fill + "\"></rect>");
            }
            h.raw("<line x1=\"100\" x2=\"100\" y1=\"0\" y2=\"12\" stroke=\"#333\"></line></svg></td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }

    /** Stacked bars per minute: approve, refer, decline; and the same numbers as a table. */
    private static void outcomes(Html h, List<OutcomeRates.Minute> minutes) {
        h.raw("<section id=\"outcomes\">\n<h2>Decisions per minute (last hour, this instance, in memory)</h2>\n");
        if (minutes.isEmpty()) {
            h.raw("<p id=\"no-decisions\">No decision in the last hour.</p>\n</section>\n");
            return;
        }
        long max = 1;
        for (OutcomeRates.Minute m : minutes) {
            max = Math.max(max, m.total());
        }
        int plot = CHART_HEIGHT - 30;
        int slot = Math.min(40, Math.max(8, CHART_WIDTH / minutes.size()));
        int width = Math.max(CHART_WIDTH, slot * minutes.size());
        h.raw("<svg id=\"outcome-chart\" role=\"img\" width=\"" + width + "\" height=\"" + CHART_HEIGHT + "\" viewBox=\"0 0 "
                + width + " " + CHART_HEIGHT + "\">\n<title>Approvals, referrals and declines per minute</title>\n");
        for (int i = 0; i < minutes.size(); i++) {
            OutcomeRates.Minute m = minutes.get(i);
            int x = i * slot + 2;
            double y = plot;
            long[] parts = {m.approve(), m.refer(), m.decline()};
            String[] names = {"approve", "refer", "decline"};
            String[] fills = {"#2e7d32", "#ef6c00", "#c62828"};
            for (int k = 0; k < 3; k++) {
                double hgt = (double) parts[k] / max * plot;
                y -= hgt;
                h.raw("<rect class=\"" + names[k] + "\" data-count=\"" + parts[k] + "\" x=\"" + x + "\" y=\""
                        + String.format(Locale.ROOT, "%.1f", y) + "\" width=\"" + (slot - 4) + "\" height=\""
                        + String.format(Locale.ROOT, "%.1f", hgt) + "\" fill=\"" + fills[k] + "\"></rect>\n");
            }
            if (i == 0 || i == minutes.size() - 1 || minutes.size() <= 12) {
                h.raw("<text x=\"" + (x + slot / 2) + "\" y=\"" + (plot + 16) + "\" font-size=\"11\" text-anchor=\"middle\">")
                        .text(MINUTE.format(m.start())).raw("</text>\n");
            }
        }
        h.raw("</svg>\n<p class=\"legend\"><span style=\"color:#2e7d32\">■ approve</span><span style=\"color:#ef6c00\">■ refer</span>"
                + "<span style=\"color:#c62828\">■ decline</span></p>\n");
        h.raw("<table id=\"outcome-table\">\n<caption>Decisions per minute (UTC)</caption>\n<thead><tr><th scope=\"col\">Minute</th>"
                + "<th scope=\"col\">Approve</th><th scope=\"col\">Refer</th><th scope=\"col\">Decline</th>"
                + "<th scope=\"col\">Approval rate</th></tr></thead>\n<tbody>\n");
        for (OutcomeRates.Minute m : minutes) {
            h.raw("<tr data-minute=\"").text(m.start()).raw("\"><td>").text(MINUTE.format(m.start())).raw("</td><td class=\"approve\">")
                    .text(m.approve()).raw("</td><td class=\"refer\">").text(m.refer()).raw("</td><td class=\"decline\">")
                    .text(m.decline()).raw("</td><td>").text(percent((double) m.approve() / m.total())).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n</section>\n");
    }

    static String status(double psi) {
        if (Double.isNaN(psi)) {
            return "too-few";
        }
        return psi > Psi.SIGNIFICANT ? "shifted" : psi >= Psi.STABLE ? "moderate" : "stable";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
