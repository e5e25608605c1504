package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.web.Html;
import io.credence.rules.notice.Notice;
import io.credence.rules.notice.NoticeFixtures;
import io.credence.rules.notice.NoticeHtml;
import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.security.http.InMemoryAccessLog;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/decisions/{id}/notice} on the assembled service (H2 audit store, API keys on):
 * HTML and PDF by {@code Accept}, the recorded reasons in them, and every refusal: 406, 404, 409,
 * 410 after erasure, 401 and 403; each read of a notice is in the access log.
 */
class NoticeHttpTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static ServiceRuntime service;
    static final InMemoryAccessLog VIEWS = new InMemoryAccessLog();
    static final Map<String, String> KEYS = new HashMap<>();
    static String base;
    static String declined;
    static String referred;
    static String approved;

    @BeforeAll
    static void start() throws Exception {
        NoticeFixtures.writeExplainedModel(dir.resolve("models"));
        List<ApiKey> keys = new ArrayList<>();
        for (String role : List.of("decide", "review", "admin")) {
            String key = ApiKey.newKey();
            KEYS.put(role, key);
            keys.add(ApiKey.of(role, Set.of(Role.of(role)), Instant.now(), key));
        }
        ApiKeyFile.write(dir.resolve("api-keys.json"), keys);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        s.put("credence.security.api-keys", dir.resolve("api-keys.json").toString());
        // A loaded build machine may take longer than the 2 s default to make a record durable.
        s.put("credence.audit.append-timeout", "30s");
        s.put("credence.notice.creditor-name", "First Example Bank");
        s.put("credence.notice.creditor-address", "1 Main Street|Springfield, IL 62701");
        s.put("credence.notice.reporting-agency-name", "Example Credit Bureau, Inc.");
        s.put("credence.notice.reporting-agency-address", "P.O. Box 1000|Chester, PA 19016");
        s.put("credence.notice.reporting-agency-phone", "1-800-555-0100");
        service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC, List.of(), VIEWS);
        base = "http://127.0.0.1:" + port + "/api/v1/decisions";
        declined = decide("NOTICE-DECLINE", 0.50);
        referred = decide("NOTICE-REFER", 0.25);
        approved = decide("NOTICE-APPROVE", 0.05);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static String decide(String applicationId, double p) throws Exception {
        HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEYS.get("decide"))
                .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application(applicationId, p))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        return JSON.readTree(posted.body()).get("decisionId").asString();
    }

    static HttpResponse<byte[]> notice(String decisionId, String accept, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "/" + decisionId + "/notice")).GET();
        if (accept != null) {
            r.header("Accept", accept);
        }
        if (key != null) {
            r.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The decision as the API answers it to a reviewer: what was recorded. */
    static JsonNode recorded(String decisionId) throws Exception {
        return JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/" + decisionId))
                .header("Authorization", "Bearer " + KEYS.get("review")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static List<String> principalTexts(JsonNode decision) {
        List<String> texts = new ArrayList<>();
        decision.get("principalReasons").forEach(r -> texts.add(r.get("text").asString()));
        return texts;
    }

    @Test
    void aReviewerGetsTheHtmlNoticeOfADeclineWithItsRecordedReasons() throws Exception {
        JsonNode decision = recorded(declined);
        HttpResponse<byte[]> html = notice(declined, "text/html,application/xhtml+xml,*/*;q=0.8", KEYS.get("review"));

        assertEquals(200, html.statusCode(), text(html));
        assertEquals("text/html; charset=utf-8", html.headers().firstValue("Content-Type").orElse(""));
        assertEquals(NoticeHtml.CONTENT_SECURITY_POLICY, html.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("no-store", html.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("Accept", html.headers().firstValue("Vary").orElse(""));
        assertEquals("DECLINE", decision.get("decision").asString());
        assertEquals("BASELINE_SHAPLEY", decision.get("explanation").get("method").asString(), "how it was explained");
        List<String> reasons = principalTexts(decision);
        assertTrue(!reasons.isEmpty() && reasons.size() <= Notice.MAX_REASONS, reasons.toString());
        String body = text(html);
        for (String reason : reasons) {
            assertTrue(body.contains("<li>" + Html.escape(reason) + "</li>"), reason + " in " + body);
        }
        assertTrue(body.contains("<p id=\"action-taken\">We have denied your application for credit.</p>"));
        assertTrue(body.contains("<p class=\"creditor-name\" id=\"creditor-name\">First Example Bank</p>"));
        assertTrue(body.contains("<p id=\"reporting-agency-phone\">Telephone: 1-800-555-0100</p>"), "the settings' agency");
        assertTrue(body.contains(Html.escape(Notice.ECOA_NOTICE)));
        assertTrue(body.contains("<p id=\"agency-name\">Federal Trade Commission</p>"), "the shipped default agency");
        assertTrue(body.contains("<dd class=\"score-value\">50.0 %</dd>"), body);
        assertTrue(VIEWS.all().stream().anyMatch(v -> v.action().equals("view-notice") && v.principal().equals("api-key:review")
                && declined.equals(v.decisionId()) && "api".equals(v.detail())), VIEWS.all().toString());
    }

    @Test
    void thePdfOfAReferralIsTheSameBytesEachTimeAndReadsAsNotApprovedAsSubmitted() throws Exception {
        HttpResponse<byte[]> first = notice(referred, "application/pdf", KEYS.get("review"));
        HttpResponse<byte[]> second = notice(referred, "application/pdf", KEYS.get("review"));

        assertEquals(200, first.statusCode(), text(first));
        assertEquals("application/pdf", first.headers().firstValue("Content-Type").orElse(""));
        assertEquals("inline; filename=\"notice-" + referred + ".pdf\"",
                first.headers().firstValue("Content-Disposition").orElse(""));
        assertArrayEquals(first.body(), second.body());
        String text;
        try (PDDocument pdf = Loader.loadPDF(first.body())) {
            text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
        }
        assertTrue(text.contains("We cannot approve your application for credit as submitted."), text);
        for (String reason : principalTexts(recorded(referred))) {
            assertTrue(text.contains(reason), reason + " in " + text);
        }
        assertTrue(text.contains("Your credit score: 25.0 %"), text);
    }

    @Test
    void aTypeOtherThanHtmlOrPdfIsNotAcceptableAndTheAnswerNamesBoth() throws Exception {
        HttpResponse<byte[]> json = notice(declined, "application/json", KEYS.get("review"));
        HttpResponse<byte[]> refused = notice(declined, "text/html;q=0, application/pdf;q=0", KEYS.get("review"));

        assertEquals(406, json.statusCode(), text(json));
        assertTrue(text(json).contains("text/html or application/pdf"), text(json));
        assertEquals(406, refused.statusCode(), text(refused));
        assertEquals(200, notice(declined, null, KEYS.get("review")).statusCode(), "no Accept: any type, HTML");
    }

    @Test
    void anUnknownDecisionIs404AndAnApprovalHasNoNotice() throws Exception {
        HttpResponse<byte[]> unknown = notice("no-such-decision", "text/html", KEYS.get("review"));
        HttpResponse<byte[]> approval = notice(approved, "text/html", KEYS.get("review"));

        assertEquals(404, unknown.statusCode(), text(unknown));
        assertEquals(409, approval.statusCode(), text(approval));
        assertEquals("decision " + approved + " approved the application: no adverse action notice applies",
                JSON.readTree(text(approval)).get("error").asString());
    }

    @Test
    void withoutTheReviewRoleThereIsNoNotice() throws Exception {
        HttpResponse<byte[]> nobody = notice(declined, "text/html", null);
        HttpResponse<byte[]> decider = notice(declined, "text/html", KEYS.get("decide"));
        HttpResponse<byte[]> admin = notice(declined, "application/pdf", KEYS.get("admin"));

        assertEquals(401, nobody.statusCode(), text(nobody));
        assertEquals(403, decider.statusCode(), text(decider));
        assertEquals("{\"error\":\"this needs the role review\",\"violations\":[]}", text(decider));
        assertEquals(403, admin.statusCode(), text(admin));
    }

    @Test
    void afterErasureTheNoticeIsGoneAndTheAnswerSaysWhen() throws Exception {
        String erased = decide("NOTICE-ERASE", 0.60);
        assertEquals(200, notice(erased, "text/html", KEYS.get("review")).statusCode());
        HttpResponse<String> erasure = CLIENT.send(HttpRequest.newBuilder(URI.create(base.replace("decisions", "erasures")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEYS.get("admin"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"applicationId\":\"NOTICE-ERASE\",\"legalBasis\":"
                        + "\"GDPR Art. 17(1)(a), request 7\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, erasure.statusCode(), erasure.body());

        HttpResponse<byte[]> gone = notice(erased, "application/pdf", KEYS.get("review"));

        assertEquals(410, gone.statusCode(), text(gone));
        Instant at = service.audit().find(erased).orElseThrow().inputErasedAt();
        assertEquals("the personal data of decision " + erased + " was erased on " + at + "; the notice's reason texts"
                + " were part of it, so the notice can no longer be produced",
                JSON.readTree(text(gone)).get("error").asString());
        Optional<AccessEvent> logged = VIEWS.all().stream().filter(v -> v.action().equals("view-notice")
                && erased.equals(v.decisionId())).reduce((a, b) -> b);
        assertTrue(logged.isPresent(), "the refused read is logged too");
    }
}
