package io.credence.training.report;

import io.credence.plugin.card.ModelCards;
import io.credence.training.eval.CalibrationBin;
import io.credence.training.eval.Evaluation;
import io.credence.training.eval.Metrics;
import io.credence.training.nn.EpochStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Report} as one HTML file with inline SVG charts. */
public final class ReportWriter {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
    private static final int W = 440;
    private static final int H = 320;
    private static final int M = 48;

    private ReportWriter() {
    }

    public static void write(Path file, Report report) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }

    public static String render(Report report) {
        StringBuilder h = new StringBuilder(64_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(report.title())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:13px;color:#555}")
                .append("svg text{font-size:11px;fill:#333}pre{background:#f7f7f7;padding:12px;overflow:auto;font-size:12px}")
                .append("\n</style></head><body>\n");
        h.append("<h1>").append(esc(report.title())).append("</h1>\n");
        if (report.subtitle() != null) {
            h.append("<p class=\"subtitle\">").append(esc(report.subtitle())).append("</p>\n");
        }
        h.append("<p class=\"generated\">Generated ").append(Instant.now()).append(" by credence-training.</p>\n");
        metricsTable(h, report);
        h.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        if (!report.scored().isEmpty()) {
            roc(h, report);
            calibration(h, report);
            histogram(h, report.scored().get(0));
        }
        if (!report.history().isEmpty()) {
            learningCurves(h, report.history());
        }
        h.append("</div>\n");
        calibrationTables(h, report);
        if (report.card() != null) {
            h.append("<h2>Model card</h2>\n<pre id=\"model-card\">").append(esc(ModelCards.toJson(report.card())))
                    .append("</pre>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void metricsTable(StringBuilder h, Report report) {
        h.append("<h2>Metrics</h2>\n<table id=\"metrics\">\n<thead><tr><th>model</th><th>rows</th><th>bad</th>")
                .append("<th>AUC</th><th>CV AUC (mean &plusmn; sd over folds)</th><th>Gini</th><th>KS</th>")
                .append("<th>Brier</th><th>log loss</th><th>seconds</th></tr></thead>\n<tbody>\n");
        for (Report.Scored s : report.scored()) {
            Evaluation e = Evaluation.of(s.predictions(), s.labels());
            h.append("<tr data-model=\"").append(esc(s.name())).append("\"><td>").append(esc(s.name())).append("</td>")
                    .append(cell("rows", Integer.toString(e.rows())))
                    .append(cell("bad", Integer.toString(e.bad())))
                    .append(cell("auc", f4(e.auc())))
                    .append(cell("cv_auc", s.cv() == null ? "" : f4(s.cv().meanAuc()) + " &plusmn; " + f4(s.cv().sdAuc())))
                    .append(cell("gini", f4(e.gini())))
                    .append(cell("ks", f4(e.ks())))
                    .append(cell("brier", f4(e.brier())))
                    .append(cell("log_loss", f4(e.logLoss())))
                    .append(cell("seconds", s.cv() == null ? "" : String.format(Locale.ROOT, "%.1f", s.cv().wallSeconds())))
                    .append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String cell(String metric, String value) {
        return "<td class=\"" + metric + "\" data-metric=\"" + metric + "\">" + value + "</td>";
    }

    private static void roc(StringBuilder h, Report report) {
        Chart c = new Chart("roc", "ROC curve", "false positive rate", "true positive rate", 0, 1, 0, 1);
        c.line(List.of(new double[] {0, 0}, new double[] {1, 1}), "#999", true, "chance");
        int k = 0;
        for (Report.Scored s : report.scored()) {
            List<double[]> pts = thin(Metrics.rocCurve(s.predictions(), s.labels()), 400);
            c.line(pts, COLORS[k++ % COLORS.length], false,
                    s.name() + " AUC " + f4(Metrics.rocAuc(s.predictions(), s.labels())));
        }
        c.render(h, "ROC curves of the prediction sets in the metrics table.");
    }

    private static void calibration(StringBuilder h, Report report) {
        double max = 0.05;
        List<List<CalibrationBin>> tables = new ArrayList<>();
        for (Report.Scored s : report.scored()) {
            List<CalibrationBin> t = Metrics.calibration(s.predictions(), s.labels(), 10);
            tables.add(t);
            for (CalibrationBin b : t) {
                max = Math.max(max, Math.max(b.meanPredicted(), b.observedRate()));
            }
        }
        max = Math.min(1, Math.ceil(max * 10) / 10);
        Chart c = new Chart("calibration", "Calibration (deciles)", "mean predicted probability", "observed bad rate",
                0, max, 0, max);
        c.line(List.of(new double[] {0, 0}, new double[] {max, max}), "#999", true, "perfect calibration");
        for (int k = 0; k < tables.size(); k++) {
            List<double[]> pts = tables.get(k).stream().map(b -> new double[] {b.meanPredicted(), b.observedRate()}).toList();
            c.line(pts, COLORS[k % COLORS.length], false, report.scored().get(k).name());
            c.points(pts, COLORS[k % COLORS.length]);
        }
        c.render(h, "Mean predicted probability against the observed bad rate per decile of predictions.");
    }

    private static void histogram(StringBuilder h, Report.Scored s) {
        int bins = 20;
        double[] good = new double[bins];
        double[] bad = new double[bins];
        int nGood = 0;
        int nBad = 0;
        for (int i = 0; i < s.predictions().length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (s.predictions()[i] * bins)));
            if (s.labels()[i] > 0.5f) {
                bad[b]++;
                nBad++;
            } else {
                good[b]++;
                nGood++;
            }
        }
        double ymax = 0;
        for (int b = 0; b < bins; b++) {
            good[b] /= Math.max(1, nGood);
            bad[b] /= Math.max(1, nBad);
            ymax = Math.max(ymax, Math.max(good[b], bad[b]));
        }
        Chart c = new Chart("histogram", "Score distribution by class: " + s.name(), "predicted probability of bad",
                "share of class", 0, 1, 0, Math.max(0.01, ymax * 1.1));
        for (int b = 0; b < bins; b++) {
            c.bar(b / (double) bins, (b + 0.5) / bins, good[b], "#1f77b4");
            c.bar((b + 0.5) / bins, (b + 1.0) / bins, bad[b], "#d62728");
        }
        c.legend("good (" + nGood + ")", "#1f77b4");
        c.legend("bad (" + nBad + ")", "#d62728");
        c.render(h, "Share of good and of bad rows per score band (each class sums to 1).");
    }

    private static void learningCurves(StringBuilder h, List<EpochStats> history) {
        double maxLoss = 0;
        double minAuc = 1;
        for (EpochStats e : history) {
            maxLoss = Math.max(maxLoss, finite(e.trainLoss()));
            maxLoss = Math.max(maxLoss, finite(e.validationLoss()));
            if (Double.isFinite(e.validationAuc())) {
                minAuc = Math.min(minAuc, e.validationAuc());
            }
        }
        int epochs = history.get(history.size() - 1).epoch();
        Chart loss = new Chart("learning-curve", "Learning curves (loss)", "epoch", "loss", 1, Math.max(2, epochs), 0,
                Math.max(0.1, maxLoss * 1.05));
        loss.line(history.stream().map(e -> new double[] {e.epoch(), e.trainLoss()}).toList(), COLORS[0], false, "training loss");
        loss.line(history.stream().filter(e -> Double.isFinite(e.validationLoss()))
                .map(e -> new double[] {e.epoch(), e.validationLoss()}).toList(), COLORS[1], false, "validation loss");
        loss.render(h, "Mean training and validation loss per epoch.");
        List<double[]> auc = history.stream().filter(e -> Double.isFinite(e.validationAuc()))
                .map(e -> new double[] {e.epoch(), e.validationAuc()}).toList();
        if (!auc.isEmpty()) {
            double lo = Math.max(0, Math.floor(minAuc * 20) / 20);
            Chart a = new Chart("learning-curve-auc", "Learning curve (validation AUC)", "epoch", "AUC", 1,
                    Math.max(2, epochs), lo, 1);
            a.line(auc, COLORS[2], false, "validation AUC");
            a.render(h, "Validation ROC AUC per epoch (early stopping keeps the best epoch).");
        }
    }

    private static void calibrationTables(StringBuilder h, Report report) {
        if (report.scored().isEmpty()) {
            return;
        }
        h.append("<h2>Calibration tables</h2>\n");
        for (Report.Scored s : report.scored()) {
            h.append("<h3>").append(esc(s.name())).append("</h3>\n<table class=\"calibration-table\"><thead><tr>")
                    .append("<th>decile</th><th>rows</th><th>min p</th><th>max p</th><th>mean predicted</th>")
                    .append("<th>observed bad rate</th></tr></thead><tbody>\n");
            for (CalibrationBin b : Metrics.calibration(s.predictions(), s.labels(), 10)) {
                h.append("<tr><td>").append(b.bin()).append("</td><td>").append(b.count()).append("</td><td>")
                        .append(f4(b.minPredicted())).append("</td><td>").append(f4(b.maxPredicted())).append("</td><td>")
                        .append(f4(b.meanPredicted())).append("</td><td>").append(f4(b.observedRate())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static List<double[]> thin(List<double[]> pts, int max) {
        if (pts.size() <= max) {
            return pts;
        }
        List<double[]> out = new ArrayList<>(max + 1);
        double step = (pts.size() - 1) / (double) max;
        for (int i = 0; i < max; i++) {
            out.add(pts.get((int) Math.round(i * step)));
        }
        out.add(pts.get(pts.size() - 1));
        return out;
    }

    static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A tiny SVG line/bar chart. */
    private static final class Chart {
        private final String id;
        private final String title;
        private final String xLabel;
        private final String yLabel;
        private final double x0;
        private final double x1;
        private final double y0;
        private final double y1;
        private final StringBuilder body = new StringBuilder();
        private final List<String[]> legend = new ArrayList<>();

        Chart(String id, String title, String xLabel, String yLabel, double x0, double x1, double y0, double y1) {
            this.id = id;
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1;
        }

        double px(double x) {
            return M + (x - x0) / (x1 - x0) * (W - M - 16);
        }

        double py(double y) {
            return H - M - (y - y0) / (y1 - y0) * (H - M - 28);
        }

        void line(List<double[]> pts, String color, boolean dashed, String name) {
            if (pts.isEmpty()) {
                return;
            }
            body.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"")
                    .append(dashed ? "1" : "2").append('"').append(dashed ? " stroke-dasharray=\"4 3\"" : "")
                    .append(" points=\"");
            for (double[] p : pts) {
                body.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0]), py(p[1])));
            }
            body.append("\"><title>").append(esc(name)).append("</title></polyline>\n");
            legend.add(new String[] {name, color});
        }

        void points(List<double[]> pts, String color) {
            for (double[] p : pts) {
                body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px(p[0]), py(p[1]), color));
            }
            body.append('\n');
        }

        void bar(double xa, double xb, double y, String color) {
            double top = py(y);
            body.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.8\"/>",
                    px(xa), top, Math.max(0.5, px(xb) - px(xa) - 0.5), Math.max(0, py(y0) - top), color));
        }

        void legend(String name, String color) {
            legend.add(new String[] {name, color});
        }

        void render(StringBuilder h, String caption) {
            h.append("<figure><svg id=\"").append(id).append("\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                    .append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                    .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
            h.append("<text x=\"").append(W / 2).append("\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">")
                    .append(esc(title)).append("</text>\n");
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", M, H - M, W - 16, H - M));
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", M, 28, M, H - M));
            for (int i = 0; i <= 5; i++) {
                double xv = x0 + (x1 - x0) * i / 5;
                double yv = y0 + (y1 - y0) * i / 5;
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        px(xv), H - M + 14, tick(xv)));
                h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                        M - 4, py(yv) + 4, tick(yv)));
            }
            h.append(String.format(Locale.ROOT, "\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", (W + M) / 2, H - 14, esc(xLabel)));
            h.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">%s</text>\n",
                    H / 2, H / 2, esc(yLabel)));
            h.append(body);
            int ly = 34;
            for (String[] l : legend) {
                h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>\n", M + 10, ly, l[1], M + 24, ly + 9, esc(l[0])));
                ly += 14;
            }
            h.append("</svg><figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
        }

        private static String tick(double v) {
            return Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) >= 1 ? Long.toString(Math.round(v))
                    : String.format(Locale.ROOT, "%.2f", v);
        }
    }
}
