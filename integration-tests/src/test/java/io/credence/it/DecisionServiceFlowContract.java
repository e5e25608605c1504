package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.load.DecisionClient;
import io.credence.load.GermanApplications;
import io.credence.load.PolicyProfile;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.cli.AuditCommand;
import io.credence.rules.decision.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * train -> export -> load -> decide -> audit, over real HTTP against a real audit store: a model
 * trained by the training pipeline is served next to the bundled one (the newer version must
 * serve), German-credit applications are decided consistently with the score and the cut-offs,
 * each POST (decided or rejected) leaves exactly one audit record, the chain verifies, and a
 * tampered row is reported by {@code audit verify} with exit code 1.
 */
abstract class DecisionServiceFlowContract {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The shipped limits credit-default.decline_above and refer_above (cut-offs.drl.csv) on the probability of default. */
    static final double DECLINE_ABOVE = 0.35;
    static final double REFER_ABOVE = 0.20;

    @TempDir
    Path dir;

    /** JDBC URL of an empty audit store. */
    abstract String auditUrl();

    abstract String auditUser();

    abstract String auditPassword();

    /** A plain JDBC connection to the audit store (to count and to tamper). */
    abstract Connection rawConnection() throws SQLException;

    /** What was posted and what came back. */
    record Sent(String applicationId, PolicyProfile profile, DecisionClient.Reply reply, JsonNode body) {
    }

    @Test
    void aTrainedModelDecidesGermanApplicationsOverHttpAndEveryPostLeavesOneVerifiableAuditRecord() throws Exception {
        Path models = modelsWithTrainedAndBundled();
        List<Map<String, String>> rows = GermanApplications.read(GermanApplications.committedCsv());
        List<Sent> decided = new ArrayList<>();
        List<Sent> rejected = new ArrayList<>();
        int posts = 0;

        // A test of what is decided and recorded, not of the 2 s bound (BoundedWaitsTest, the chaos
        // harness): on a busy 2-core machine a cold JVM's first append can take longer than that.
        try (RunningService service = RunningService.start(models, auditUrl(), auditUser(), auditPassword(),
                Map.of("credence.audit.append-timeout", "30s",
                        "credence.models.trusted-keys", TrainedModel.get().trustedKeys.toString()))) {
            JsonNode health = JSON.readTree(service.client.get("/health").body());
            assertTrue(health.path("models").has("credit-default@" + TrainedModel.VERSION), health.toString());

            int row = 0;
            for (PolicyProfile profile : PolicyProfile.values()) {
                int count = profile == PolicyProfile.CLEAN ? 30 : 3;
                for (int i = 0; i < count; i++, row++) {
                    String id = "E2E-" + profile.name() + "-" + rows.get(row).get("id");
                    DecisionClient.Reply reply = service.client.post(
                            GermanApplications.json(id, rows.get(row), profile));
                    posts++;
                    assertEquals(200, reply.status(), reply.body());
                    decided.add(new Sent(id, profile, reply, JSON.readTree(reply.body())));
                }
            }
            for (Invalid invalid : invalidPosts(rows.get(0))) {
                DecisionClient.Reply reply = service.client.post(invalid.body(), invalid.contentType());
                posts++;
                assertEquals(invalid.status(), reply.status(), invalid.what() + ": " + reply.body());
                rejected.add(new Sent(invalid.what(), null, reply, JSON.readTree(reply.body())));
            }

            for (Sent sent : decided) {
                assertDecisionFollowsScoreAndCutOffs(sent);
                DecisionClient.Reply stored = service.client.get(DecisionClient.DECISIONS + "/" + sent.reply().decisionId());
                assertEquals(200, stored.status(), stored.body());
                assertEquals(sent.body(), JSON.readTree(stored.body()), "GET returns what POST answered");
            }
            for (Sent sent : rejected) {
                String decisionId = sent.body().path("decisionId").asText(null);
                assertNotNull(decisionId, sent.applicationId() + ": a rejection names its audit record: " + sent.body());
                assertTrue(sent.body().path("violations").size() > 0, sent.body().toString());
                JsonNode stored = JSON.readTree(service.client.get(DecisionClient.DECISIONS + "/" + decisionId).body());
                assertEquals("REJECTED", stored.path("status").asText(), stored.toString());
            }
        }
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        decided.forEach(s -> outcomes.merge(Outcome.valueOf(s.body().path("decision").asText()), 1, Integer::sum));
        System.out.println("end-to-end outcomes on " + auditUrl() + ": " + outcomes + ", rejected " + rejected.size());

        // The audit store after the service stopped: one record per POST, the chain intact.
        try (JdbcAuditLog log = JdbcAuditLog.open(auditUrl(), auditUser(), auditPassword())) {
            ChainVerification check = log.verify();
            assertTrue(check.intact(), check.summary());
            assertEquals(posts, check.recordsChecked());
            Set<String> ids = new HashSet<>();
            for (Sent sent : Stream.concat(decided.stream(), rejected.stream()).toList()) {
                String id = sent.reply().decisionId() != null ? sent.reply().decisionId()
                        : sent.body().path("decisionId").asText();
                assertTrue(ids.add(id), "decision ids are unique: " + id);
                Optional<AuditRecord> record = log.find(id);
                assertTrue(record.isPresent(), "audit record of " + sent.applicationId());
            }
        }
        assertEquals(posts, count("SELECT COUNT(*) FROM audit_record"));
        assertEquals(rejected.size(), count("SELECT COUNT(*) FROM audit_record WHERE status = 'REJECTED'"));
        assertEquals(0, verify().exitCode(), "audit verify on the untouched store");

        long tampered = count("SELECT MIN(sequence) FROM audit_record WHERE outcome = 'DECLINE'");
        try (Connection c = rawConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE audit_record SET outcome = 'APPROVE' WHERE sequence = ?")) {
            s.setLong(1, tampered);
            assertEquals(1, s.executeUpdate());
        }
        Verified broken = verify();
        assertEquals(AuditCommand.BROKEN, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("first bad record: " + tampered), broken.output());
        assertTrue(broken.output().contains("problem: CHANGED"), broken.output());
    }

    /** A decision agrees with its score, the cut-offs and the policy profile it was built with. */
    static void assertDecisionFollowsScoreAndCutOffs(Sent sent) {
        JsonNode body = sent.body();
        String what = sent.applicationId() + ": " + body;
        assertEquals(sent.reply().decisionId(), body.path("decisionId").asText(), what);
        assertEquals(sent.applicationId(), body.path("applicationId").asText(), what);
        assertEquals("DECIDED", body.path("status").asText(), what);
        JsonNode score = body.path("scores").path(0);
        assertEquals(1, body.path("scores").size(), what);
        assertEquals(TrainedModel.NAME, score.path("model").asText(), what);
        assertEquals(TrainedModel.VERSION, score.path("version").asText(), "the trained (newest) model serves: " + what);
        assertTrue(score.path("value").isNumber(), what);
        double p = score.path("value").asDouble();
        assertTrue(p >= 0 && p <= 1, what);

        Outcome byModel = p > DECLINE_ABOVE ? Outcome.DECLINE : p > REFER_ABOVE ? Outcome.REFER : Outcome.APPROVE;
        Outcome byPolicy = switch (sent.profile().effect()) {
            case NONE -> Outcome.APPROVE;
            case REFER -> Outcome.REFER;
            case DECLINE -> Outcome.DECLINE;
        };
        Outcome expected = byModel.compareTo(byPolicy) >= 0 ? byModel : byPolicy;
        assertEquals(expected.name(), body.path("decision").asText(), "score " + p + ", " + what);

        List<String> codes = new ArrayList<>();
        body.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        String modelCode = byModel == Outcome.DECLINE ? "MODEL_HIGH_RISK"
                : byModel == Outcome.REFER ? "MODEL_MEDIUM_RISK" : "MODEL_LOW_RISK";
        if (sent.profile() == PolicyProfile.CLEAN) {
            assertEquals(List.of(modelCode), codes, "no policy rule fires: " + what);
        } else {
            assertTrue(codes.contains(sent.profile().reasonCode()) && codes.contains(modelCode), codes + " " + what);
        }
    }

    /** A POST the service must refuse, with the status it must answer. */
    record Invalid(String what, String body, String contentType, int status) {
    }

    static List<Invalid> invalidPosts(Map<String, String> row) {
        ObjectNode valid = GermanApplications.application("E2E-INVALID-1", row, PolicyProfile.CLEAN);
        ObjectNode termTooLong = valid.deepCopy().put("termMonths", 999);
        ObjectNode misspelt = valid.deepCopy();
        misspelt.set("monthlyIncom", misspelt.remove("monthlyIncome"));
        ObjectNode oversized = valid.deepCopy();
        oversized.putObject("modelInputs").put("padding", "x".repeat(200));
        String large = oversized.toString().replace("\"padding\"", "\"padding\"" + " ".repeat(70_000));
        return List.of(
                new Invalid("not an object", "[]", "application/json", 400),
                new Invalid("malformed JSON", "{\"applicationId\": \"E2E-INVALID-2\",", "application/json", 400),
                new Invalid("term out of range", termTooLong.toString(), "application/json", 400),
                new Invalid("unknown field", misspelt.toString(), "application/json", 400),
                new Invalid("not JSON content type", valid.toString(), "text/plain", 415),
                new Invalid("body over the limit", large, "application/json", 413));
    }

    /** Models folder: the trained credit-default 9.0.0 and the bundled 1.0.0 side by side. */
    Path modelsWithTrainedAndBundled() throws IOException {
        TrainedModel trained = TrainedModel.get();
        Path models = dir.resolve("models");
        Path target = Files.createDirectories(models.resolve(TrainedModel.NAME).resolve(TrainedModel.VERSION));
        Path source = trained.modelsDir.resolve(TrainedModel.NAME).resolve(TrainedModel.VERSION);
        for (String file : List.of("model.onnx", "model-card.json", "model.sig")) {
            Files.copy(source.resolve(file), target.resolve(file));
        }
        Path bundled = Files.createDirectories(models.resolve("credit-default").resolve("1.0.0"));
        for (String file : List.of("model.onnx", "model-card.json", "model.sig")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/credit-default/1.0.0/" + file)) {
                assertNotNull(in, "the bundled model on the classpath: " + file);
                Files.copy(in, bundled.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return models;
    }

    long count(String sql) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Verified(int exitCode, String output) {
    }

    /** {@code audit verify --db ...}, in this JVM. */
    Verified verify() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute("verify", "--db", auditUrl(), "--user", auditUser(), "--password", auditPassword());
        return new Verified(exit, out.toString());
    }
}
