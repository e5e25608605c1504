package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.audit.web.AuditPage;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.audit.web.Html;
import io.credence.rules.audit.web.Viewer;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.service.DecisionJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one mapping of an audit entry, as the API, the hashed record and the compliance page show it. */
class EntryJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PREVIOUS = "ab".repeat(32);

    static List<AuditEntry> entries() {
        return List.of(AuditFixtures.decided(1, "APPROVE", "1.0.0"),
                AuditFixtures.decided(2, "DECLINE", "1.1.0").keyed(null, "dec-0").requestedBy("api-key:loan-portal"),
                AuditFixtures.explained(5, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0625),
                AuditFixtures.explained(6, "REFER", ExplanationMethod.OCCLUSION, Double.NaN),
                AuditFixtures.rejected(3),
                AuditEntry.ofErasure("dec-9", "app-2", "admin", Instant.parse("2026-03-02T10:00:00Z"), "jwt:admin",
                        new AuditEntry.Erasure("application", List.of("dec-2"), "GDPR Art. 17(1)(a), request 7")));
    }

    @Test
    void theRecordsOfEveryKindOfEntryHashAsTheyDidBeforeTheMappingWasShared() {
        // SHA-256 of the format-1 and format-2 documents at sequence 41 (commitment "c0" x 32), as
        // RecordDocument wrote them with its own mapping before this one: the chain of existing stores.
        Map<String, List<String>> before = Map.of(
                "dec-1", List.of("dd03aa6ecbbb889fbee6e6b49456e44b028db2855d0d0525d8c7c99363acfd4a",
                        "a07c2f0d25319ba335ea74590691b523337b3806d5fd793ea768d7677fcb4748"),
                "dec-2", List.of("b80aec9346161d59f372346fd379bbc4ef0529e945a80b0c090f67836ae25887",
                        "5fe4bdb1b1b1dd1094d666fc251445391e0112b38a2d2c5c3277f3db77de3a4e"),
                "dec-5", List.of("73c794a75c758b15d06edec37f458a798ec336e034119108396e590ebe45eba6",
                        "af893ba3c89592b7fe5ab1ad4221137d05dc53e095b36eb560cd731da0c35ed1"),
                "dec-6", List.of("8f9a48c45f3d13709036f23138497c621738312fb3b586708484fe4186c6f9b7",
                        "782b2b4be4a99f85314c01019aec515d11333a0c5aa9e9e381e2348a39e8417c"),
                "dec-3", List.of("7d17ced072c28b844fee405c7b60e83863bf9ae6d55c26f29a21d21fce9ab69b",
                        "9a992129f9e80d699de7df458dcd47a4a8d2bb5e4e91aaa5f4ecaad508921b10"),
                "dec-9", List.of("c0e9d726618b6c091b0172e5fb0fa3e7288b7a81d6d047ba0e8271d945819805",
                        "08f1f5b8ccbca2c28db2f9bce0795d5d46a91ed8caa304f63c5a64076b555e0a"));
        for (AuditEntry e : entries()) {
            assertEquals(before.get(e.decisionId()).get(0),
                    RecordDocument.sha256(RecordDocument.canonicalTextFormatOne(41, e, PREVIOUS)), "format 1 of " + e.decisionId());
            assertEquals(before.get(e.decisionId()).get(1),
                    RecordDocument.sha256(RecordDocument.canonicalText(41, e, PREVIOUS, "c0".repeat(32))),
                    "format 2 of " + e.decisionId());
        }
    }

    @Test
    void aRecordReadBackIsTheEntryItWasWrittenFromInBothFormats() {
        for (AuditEntry e : entries()) {
            RecordDocument one = RecordDocument.prepareFormatOne(e).chain(41, PREVIOUS).document();
            RecordDocument two = RecordDocument.prepare(e).chain(41, PREVIOUS).document();

            assertEquals(RecordDocument.withoutInput(e), RecordDocument.parse(one.json()).entry(), "format 1 of " + e.decisionId());
            assertEquals(PersonalData.withoutPersonal(e), RecordDocument.parse(two.json()).entry(), "format 2 of " + e.decisionId());
            assertEquals(one, RecordDocument.parse(one.json()));
            assertEquals(two, RecordDocument.parse(two.json()));
            // and written again, the same text: the mapping and its reading are each other's inverse
            assertEquals(CanonicalJson.write(EntryJson.of(RecordDocument.parse(two.json()).entry(),
                    EntryJson.View.RECORD_FORMAT_2)), CanonicalJson.write(EntryJson.of(e, EntryJson.View.RECORD_FORMAT_2)));
        }
    }

    @Test
    void theApiTheRecordAndThePageShowOneEntryWithTheSameFieldsAndValues(@TempDir Path dir) {
        AuditEntry written = AuditFixtures.explained(5, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0625)
                .requestedBy("api-key:loan-portal");
        try (JdbcAuditLog log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "")) {
            log.append(written);
            AuditRecord record = log.find("dec-5").orElseThrow();
            JsonNode api = JSON.readTree(DecisionJson.text(DecisionJson.of(record)));
            // The format-1 record holds every field, the personal ones too; format 2 the same without them.
            JsonNode stored = JSON.readTree(RecordDocument.prepareFormatOne(record.entry()).chain(1, PREVIOUS).document()
                    .json()).get("decision");
            String page = new AuditPage(log).decision("dec-5", new Viewer(new Principal("rita",
                    Set.of(Role.REVIEW, Role.REVIEW_PII), "session"), "tok"), true).html();

            for (String field : List.of("decisionId", "applicationId", "channel", "decidedAt", "status", "requestedBy",
                    "rulesFired", "attributions", "explanation", "cutOffs", "ruleBase")) {
                assertEquals(stored.get(field), api.get(field), field);
            }
            // The three names the API had before: outcome, provider and a principal reason's rule.
            assertEquals(stored.get("outcome"), api.get("decision"));
            for (int i = 0; i < stored.get("scores").size(); i++) {
                JsonNode s = stored.get("scores").get(i);
                JsonNode a = api.get("scores").get(i);
                for (String field : List.of("model", "version", "value")) {
                    assertEquals(s.get(field), a.get(field), "score " + field);
                }
                assertEquals(s.get("provider"), a.get("executionProvider"));
                assertTrue(page.contains(row(s, "model", "version", "modelSha256", "provider", "value", "failure")), page);
            }
            for (String list : List.of("reasons", "principalReasons")) {
                for (int i = 0; i < stored.get(list).size(); i++) {
                    JsonNode s = stored.get(list).get(i);
                    JsonNode a = api.get(list).get(i);
                    assertEquals(s.get("code"), a.get("code"), list);
                    assertEquals(s.get("text"), a.get("text"), list);
                    if (list.equals("principalReasons")) {
                        assertEquals(s.get("rule"), a.get("source"));
                        assertTrue(page.contains(row(s, "code", "text", "rule")), page);
                    } else {
                        assertTrue(page.contains(row(s, "code", "outcome", "text", "rule")), page);
                    }
                }
            }
            for (JsonNode a : stored.get("attributions")) {
                assertTrue(page.contains(row(a, "feature", "value", "referenceValue", "contribution")), page);
            }
            stored.get("cutOffs").properties().forEach(c -> assertTrue(page.contains("<td>" + Html.escape(c.getKey())
                    + "</td><td>" + cell(c.getValue()) + "</td>"), page));
            for (String field : List.of("applicationId", "channel", "receivedAt", "decidedAt", "status", "outcome")) {
                String id = field.replaceAll("([A-Z])", "-$1").toLowerCase();
                assertTrue(page.contains("<dd id=\"" + id + "\">" + cell(stored.get(field)) + "</dd>"), field + ": " + page);
            }
            assertTrue(page.contains("<dd id=\"drl-sha256\">" + cell(stored.get("ruleBase").get("drlSha256"))), page);
            for (JsonNode rule : stored.get("rulesFired")) {
                assertTrue(page.contains("<li>" + cell(rule) + "</li>"), page);
            }
            assertFalse(api.has("receivedAt") || api.get("scores").get(0).has("modelSha256"), "not the API's: " + api);
        }
    }

    /** A table row of the page: the fields' values in order, escaped. */
    private static String row(JsonNode object, String... fields) {
        StringBuilder s = new StringBuilder("<tr>");
        for (String f : fields) {
            s.append("<td>").append(cell(object.get(f))).append("</td>");
        }
        return s.append("</tr>").toString();
    }

    private static String cell(JsonNode value) {
        return value == null || value.isNull() ? "" : Html.escape(value.isString() ? value.asString() : value.toString());
    }

    @Test
    void aRoutedRecordKeepsEachScoresRoleInBothFormatsAndAnUnroutedOneWritesNoRole() {
        AuditEntry plain = AuditFixtures.decided(1, "APPROVE", "1.0.0");
        ScoreSummary decisive = plain.scores().get(0);
        List<ScoreSummary> routed = List.of(
                new ScoreSummary(decisive.model(), "1.1.0", decisive.modelSha256(), decisive.provider(), 0.2, null,
                        decisive.encodedFeatures(), "challenger"),
                new ScoreSummary(decisive.model(), "1.2.0", "ef".repeat(32), decisive.provider(), 0.7, null,
                        decisive.encodedFeatures(), "shadow"));
        AuditEntry e = plain.withPersonal(plain.rawInput(), plain.reasons(), routed, plain.errors(), plain.principalReasons(),
                plain.attributions());
        RecordDocument one = RecordDocument.prepareFormatOne(e).chain(41, PREVIOUS).document();
        RecordDocument two = RecordDocument.prepare(e).chain(41, PREVIOUS).document();
        assertEquals(RecordDocument.withoutInput(e), RecordDocument.parse(one.json()).entry());
        assertEquals(PersonalData.withoutPersonal(e), RecordDocument.parse(two.json()).entry());
        assertEquals(List.of("challenger", "shadow"),
                RecordDocument.parse(two.json()).entry().scores().stream().map(ScoreSummary::role).toList());
        assertTrue(two.json().contains("\"role\":\"shadow\""), two.json());
        JsonNode api = JSON.valueToTree(EntryJson.of(e, EntryJson.View.API));
        assertEquals("shadow", api.get("scores").get(1).get("role").asString());
        assertFalse(RecordDocument.prepare(plain).chain(41, PREVIOUS).document().json().contains("\"role\""),
                "a record without routing has no role: its bytes (and hash) are as before");
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreSummary("m", "1", null, null, 0.1, null, null, "leader"), "an unknown role is refused");
    }
}
