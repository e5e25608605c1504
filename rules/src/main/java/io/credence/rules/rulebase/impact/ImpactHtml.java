package io.credence.rules.rulebase.impact;

import io.credence.rules.audit.web.Html;
import io.credence.rules.decision.Outcome;
import java.util.List;
import java.util.Locale;

/**
 * {@code impact.html}: the report as one page that works offline and may be shared: no script,
 * no fetched resource (a Content-Security-Policy forbids both), the charts inline SVG drawn here;
 * of each application only its id, line and the two decisions. Every piece of data is escaped
 * ({@link Html}).
 *
 * <pre>{@code
 * Files.writeString(out.resolve("impact.html"), ImpactHtml.render(report));
 * }</pre>
 *
 * <p>Ids a test (or a reader's tool) can find: {@code table#swap-matrix} (a header row of the
 * candidate's outcomes, then one row per baseline outcome with its cells' counts), {@code
 * table#rates}, {@code table#reason-codes}, {@code table#rejected-rows}, and one {@code
 * table.examples} per changed cell with {@code data-baseline} and {@code data-candidate}.
 */
public final class ImpactHtml {

    private static final String BASELINE_COLOUR = "#8a8f98";
    private static final String CANDIDATE_COLOUR = "#1f6fb2";

    private ImpactHtml() {
    }

    public static String render(ImpactReport report) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .raw("<title>Impact of the candidate policy</title>\n<style>")
                .raw("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .raw("th,td{border:1px solid #bbb;padding:.3em .6em;text-align:right}th{background:#f2f2f2}")
                .raw("td.text,th.text{text-align:left}code{font-size:.9em}.note{color:#555}")
                .raw("</style>\n</head>\n<body>\n<h1>Impact of the candidate policy</h1>\n");
        ImpactReport.Applications a = report.applications();
        h.raw("<p id=\"summary\">").text(a.read()).raw(" applications read from <code>").text(report.input())
                .raw("</code>: ").text(a.decided()).raw(" decided by both policies, ").text(a.rejected())
                .raw(" rejected; ").text(report.changed()).raw(" decisions changed (").text(percent(report.changed(), a.decided()))
                .raw(").</p>\n");
        policies(h, report);
        matrix(h, report);
        rates(h, report);
        reasonCodes(h, report);
        examples(h, report);
        rejected(h, report);
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    private static void policies(Html h, ImpactReport report) {
        h.raw("<h2>Policies</h2>\n<table id=\"policies\">\n<tr><th class=\"text\"></th><th class=\"text\">rule base</th>")
                .raw("<th class=\"text\">SHA-256</th><th class=\"text\">files</th></tr>\n");
        policy(h, "baseline", report.baseline());
        policy(h, "candidate", report.candidate());
        h.raw("</table>\n");
    }

    private static void policy(Html h, String which, ImpactReport.Policy p) {
        h.raw("<tr><th class=\"text\">").text(which).raw("</th><td class=\"text\">").text(p.coordinates())
                .raw("</td><td class=\"text\"><code>").text(p.drlSha256()).raw("</code></td><td class=\"text\">")
                .text(String.join(", ", p.files())).raw("</td></tr>\n");
    }

    private static void matrix(Html h, ImpactReport report) {
        long max = 1;
        for (var row : report.matrix().values()) {
            for (long n : row.values()) {
                max = Math.max(max, n);
            }
        }
        h.raw("<h2>Swap matrix</h2>\n<p class=\"note\">Rows: the baseline's decision; columns: the candidate's. ")
                .raw("Cells off the diagonal are the applications whose decision changed.</p>\n")
                .raw("<table id=\"swap-matrix\">\n<thead><tr><th class=\"text\">baseline \\ candidate</th>");
        for (Outcome to : Outcome.values()) {
            h.raw("<th>").text(to).raw("</th>");
        }
        h.raw("<th>total</th></tr></thead>\n<tbody>\n");
        for (Outcome from : Outcome.values()) {
            h.raw("<tr><th class=\"text\">").text(from).raw("</th>");
            long total = 0;
            for (Outcome to : Outcome.values()) {
                long n = report.matrix().get(from).get(to);
                total += n;
                String colour = from == to ? "31,111,178" : "214,95,0";
                double alpha = n == 0 ? 0 : 0.1 + 0.5 * n / max;
                h.raw("<td data-baseline=\"").text(from).raw("\" data-candidate=\"").text(to)
                        .raw("\" style=\"background:rgba(" + colour + "," + String.format(Locale.ROOT, "%.2f", alpha) + ")\">")
                        .text(n).raw("</td>");
            }
            h.raw("<td>").text(total).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }

    private static void rates(Html h, ImpactReport report) {
        ImpactReport.Rates b = report.rates().get("baseline");
        ImpactReport.Rates c = report.rates().get("candidate");
        h.raw("<h2>Rates</h2>\n<table id=\"rates\">\n<tr><th class=\"text\"></th><th>baseline</th><th>candidate</th>")
                .raw("<th>change (points)</th></tr>\n");
        String[] names = {"approval", "referral", "decline"};
        for (Outcome o : Outcome.values()) {
            h.raw("<tr><th class=\"text\">").text(names[o.ordinal()]).raw("</th><td>").text(percent(b.rate(o)))
                    .raw(" (").text(b.count(o)).raw(")</td><td>").text(percent(c.rate(o))).raw(" (").text(c.count(o))
                    .raw(")</td><td>").text(String.format(Locale.ROOT, "%+.2f", 100 * (c.rate(o) - b.rate(o)))).raw("</td></tr>\n");
        }
        h.raw("</table>\n");
        // grouped bars: one group per outcome, baseline then candidate
        int width = 480;
        int height = 220;
        int plot = 160;
        h.raw("<svg id=\"rates-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" role=\"img\" aria-label=\"approval, referral and decline rates of both policies\">\n");
        h.raw("<line x1=\"40\" y1=\"" + (plot + 20) + "\" x2=\"" + (width - 10) + "\" y2=\"" + (plot + 20)
                + "\" stroke=\"#999\"/>\n");
        for (Outcome o : Outcome.values()) {
            int x = 60 + o.ordinal() * 140;
            bar(h, x, plot, b.rate(o), BASELINE_COLOUR);
            bar(h, x + 50, plot, c.rate(o), CANDIDATE_COLOUR);
            h.raw("<text x=\"" + (x + 45) + "\" y=\"" + (plot + 38) + "\" text-anchor=\"middle\" font-size=\"13\">")
                    .text(names[o.ordinal()]).raw("</text>\n");
        }
        legend(h, width - 170, 12);
        h.raw("</svg>\n");
    }

    private static void bar(Html h, int x, int plot, double rate, String colour) {
        int top = 20 + (int) Math.round(plot * (1 - rate));
        int barHeight = plot + 20 - top;
        h.raw("<rect x=\"" + x + "\" y=\"" + top + "\" width=\"40\" height=\"" + barHeight + "\" fill=\"" + colour + "\"/>")
                .raw("<text x=\"" + (x + 20) + "\" y=\"" + (top - 4) + "\" text-anchor=\"middle\" font-size=\"11\">")
                .text(percent(rate)).raw("</text>\n");
    }

    private static void legend(Html h, int x, int y) {
        h.raw("<rect x=\"" + x + "\" y=\"" + y + "\" width=\"12\" height=\"12\" fill=\"" + BASELINE_COLOUR + "\"/>")
                .raw("<text x=\"" + (x + 16) + "\" y=\"" + (y + 11) + "\" font-size=\"12\">baseline</text>")
                .raw("<rect x=\"" + (x + 80) + "\" y=\"" + y + "\" width=\"12\" height=\"12\" fill=\"" + CANDIDATE_COLOUR + "\"/>")
                .raw("<text x=\"" + (x + 96) + "\" y=\"" + (y + 11) + "\" font-size=\"12\">candidate</text>\n");
    }

    private static void reasonCodes(Html h, ImpactReport report) {
        List<ImpactReport.ReasonCount> codes = report.reasonCodes();
        h.raw("<h2>Reason codes whose counts changed</h2>\n");
        if (codes.isEmpty()) {
            h.raw("<p id=\"reason-codes-none\">None: each reason code was given to as many applications by both policies.</p>\n");
            return;
        }
        h.raw("<table id=\"reason-codes\">\n<tr><th class=\"text\">code</th><th>baseline</th><th>candidate</th><th>change</th></tr>\n");
        long max = 1;
        for (ImpactReport.ReasonCount r : codes) {
            h.raw("<tr><td class=\"text\"><code>").text(r.code()).raw("</code></td><td>").text(r.baseline()).raw("</td><td>")
                    .text(r.candidate()).raw("</td><td>").text(String.format(Locale.ROOT, "%+d", r.candidate() - r.baseline()))
                    .raw("</td></tr>\n");
            max = Math.max(max, Math.max(r.baseline(), r.candidate()));
        }
        h.raw("</table>\n");
        int row = 34;
        int width = 560;
        int label = 220;
        h.raw("<svg id=\"reason-codes-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\""
                + (30 + row * codes.size()) + "\" role=\"img\" aria-label=\"applications per reason code, both policies\">\n");
        legend(h, width - 170, 4);
        for (int i = 0; i < codes.size(); i++) {
            ImpactReport.ReasonCount r = codes.get(i);
            int y = 24 + i * row;
            int span = width - label - 60;
            h.raw("<text x=\"" + (label - 6) + "\" y=\"" + (y + 14) + "\" text-anchor=\"end\" font-size=\"12\">").text(r.code())
                    .raw("</text>");
            hbar(h, label, y, span * r.baseline() / max, r.baseline(), BASELINE_COLOUR);
            hbar(h, label, y + 14, span * r.candidate() / max, r.candidate(), CANDIDATE_COLOUR);
        }
        h.raw("</svg>\n");
    }

    private static void hbar(Html h, int x, int y, long length, long value, String colour) {
        h.raw("<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + Math.max(length, 1) + "\" height=\"12\" fill=\"" + colour + "\"/>")
                .raw("<text x=\"" + (x + length + 4) + "\" y=\"" + (y + 10) + "\" font-size=\"11\">").text(value).raw("</text>\n");
    }

    private static void examples(Html h, ImpactReport report) {
        h.raw("<h2>Examples of changed decisions</h2>\n");
        if (report.examples().isEmpty()) {
            h.raw("<p id=\"examples-none\">No decision changed.</p>\n");
            return;
        }
        for (ImpactReport.Cell cell : report.examples()) {
            h.raw("<h3>").text(cell.baseline()).raw(" &rarr; ").text(cell.candidate()).raw(": ").text(cell.count())
                    .raw(cell.count() == 1 ? " application" : " applications")
                    .raw(cell.applications().size() < cell.count() ? ", the first " + cell.applications().size() + " shown" : "")
                    .raw("</h3>\n<table class=\"examples\" data-baseline=\"").text(cell.baseline()).raw("\" data-candidate=\"")
                    .text(cell.candidate()).raw("\">\n<tr><th class=\"text\">applicationId</th><th>line</th>")
                    .raw("<th class=\"text\">baseline</th><th class=\"text\">baseline reasons</th>")
                    .raw("<th class=\"text\">candidate</th><th class=\"text\">candidate reasons</th></tr>\n");
            for (Example e : cell.applications()) {
                h.raw("<tr><td class=\"text\">").text(e.applicationId()).raw("</td><td>").text(e.line())
                        .raw("</td><td class=\"text\">").text(e.baseline()).raw("</td><td class=\"text\">")
                        .text(String.join(" ", e.baselineReasons())).raw("</td><td class=\"text\">").text(e.candidate())
                        .raw("</td><td class=\"text\">").text(String.join(" ", e.candidateReasons())).raw("</td></tr>\n");
            }
            h.raw("</table>\n");
        }
    }

    private static void rejected(Html h, ImpactReport report) {
        long rejected = report.applications().rejected();
        h.raw("<h2>Rejected rows</h2>\n");
        if (rejected == 0) {
            h.raw("<p id=\"rejected-none\">None: every row was decided.</p>\n");
            return;
        }
        h.raw("<p>").text(rejected).raw(rejected == 1 ? " row was" : " rows were").raw(" not decided")
                .raw(report.rejectedRows().size() < rejected ? "; the first " + report.rejectedRows().size() + " by line:" : ":")
                .raw("</p>\n<table id=\"rejected-rows\">\n<tr><th>line</th><th class=\"text\">applicationId</th>")
                .raw("<th class=\"text\">problem</th></tr>\n");
        for (RejectedRow r : report.rejectedRows()) {
            h.raw("<tr><td>").text(r.line()).raw("</td><td class=\"text\">").text(r.applicationId() == null ? "" : r.applicationId())
                    .raw("</td><td class=\"text\">").text(r.problem()).raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }

    static String percent(long count, long of) {
        return percent(of == 0 ? 0 : (double) count / of);
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * rate);
    }
}
