package io.credence.rules.notice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceOutcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same decision gives the same notice, byte for byte, after the reason-code table changed: a
 * decision is made by an engine with one table, the table is reworded, another engine on the same
 * store decides with the new words (so the table really changed), the store is opened again, and
 * the first decision's notice, HTML and PDF, is what it was.
 */
class NoticeRegenerationTest {

    static final String MARCH_TEXT = "Risk signal above the reference applicant's";
    static final String APRIL_TEXT = "Reworded in April: how far the risk signal exceeds the norm";

    @TempDir
    Path dir;
    ModelRegistry registry;
    JdbcAuditLog log;

    @BeforeEach
    void serveModel() {
        registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));
        registry.loadPackage(NoticeFixtures.writeExplainedModel(dir.resolve("models")));
        log = open();
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
        ServiceFixture.stopServing(registry);
    }

    JdbcAuditLog open() {
        // A loaded build machine may take longer than the default 2 s to make a record durable.
        return JdbcAuditLog.open(new AuditStoreSettings("jdbc:h2:file:" + dir.resolve("audit"), "sa", "",
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), AuditStoreSettings.DEFAULT_POOL_SIZE));
    }

    /** The KJAR's rules scoring with the test model, with a reason-code table of one row for its feature. */
    CreditDecisionEngine engine(String code, String text) {
        return ServiceFixture.ENGINE.withModels(registry).withReasonCodes(ReasonCodeTable.parse("feature,direction,code,text\n"
                + "risk_signal,+," + code + "," + text + "\n", code + " table"));
    }

    static String decide(DecisionService service, String applicationId) {
        ServiceOutcome outcome = service.decide(Channel.REST, ServiceFixture.application(applicationId, 0.50));
        assertEquals("DECLINE", outcome.record().entry().outcome(), outcome.record().entry().reasons().toString());
        return outcome.record().entry().decisionId();
    }

    @Test
    void theNoticeOfADecisionDoesNotChangeWhenTheReasonTableIsRewordedAfterIt() {
        String march = decide(new DecisionService(engine("RC99", MARCH_TEXT), ServiceFixture.READER, log), "APP-MARCH");
        AuditRecord stored = log.find(march).orElseThrow();
        Notice before = Notice.of(stored, NoticeFixtures.LENDER);
        String htmlBefore = NoticeHtml.render(before);
        byte[] pdfBefore = NoticePdf.render(before);
        assertEquals(java.util.List.of(MARCH_TEXT), before.reasons(), "the model's reason, in March's words");

        String april = decide(new DecisionService(engine("RC42", APRIL_TEXT), ServiceFixture.READER, log), "APP-APRIL");
        log.close();
        log = open();

        Notice aprils = Notice.of(log.find(april).orElseThrow(), NoticeFixtures.LENDER);
        Notice again = Notice.of(log.find(march).orElseThrow(), NoticeFixtures.LENDER);
        String htmlAgain = NoticeHtml.render(again);
        byte[] pdfAgain = NoticePdf.render(again);

        assertEquals(java.util.List.of(APRIL_TEXT), aprils.reasons(), "the table did change");
        assertEquals(htmlBefore, htmlAgain);
        assertArrayEquals(pdfBefore, pdfAgain);
        assertTrue(htmlAgain.contains("<li>" + io.credence.rules.audit.web.Html.escape(MARCH_TEXT) + "</li>"));
        assertFalse(htmlAgain.contains("April"), "nothing of the new table");
        assertTrue(log.verify().intact());
    }
}
