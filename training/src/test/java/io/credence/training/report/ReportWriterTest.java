package io.credence.training.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.training.eval.Metrics;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void reportIsSelfContainedWithEveryChartAndTheAucCell() {
        Report report = ReportFixtures.report();
        String html = ReportWriter.render(report);
        for (String id : new String[] {"roc", "calibration", "histogram", "learning-curve", "learning-curve-auc"}) {
            assertTrue(html.contains("<svg id=\"" + id + "\""), "missing chart " + id);
        }
        Report.Scored s = report.scored().get(0);
        String auc = ReportWriter.f4(Metrics.rocAuc(s.predictions(), s.labels()));
        assertTrue(html.contains("<td class=\"auc\" data-metric=\"auc\">" + auc + "</td>"), "AUC cell " + auc);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no external resources");
        assertFalse(html.contains("https://"), "no external resources");
    }
}
