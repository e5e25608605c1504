package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.proof.CheckpointFile;
import io.credence.rules.audit.proof.CheckpointSigner;
import io.credence.rules.audit.proof.Checkpointer;
import io.credence.rules.audit.proof.InMemoryTreeNodes;
import io.credence.rules.audit.proof.InclusionProofDocument;
import io.credence.rules.audit.proof.JdbcCheckpoints;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.ProofService;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.audit.proof.TreeAudit;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.ScoreSummary;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceOutcome;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on a real store (H2, PostgreSQL): a marker put in every personal field of an
 * application is, after erasure, in no column of any audit table, while the chain, the Merkle
 * tree and every receipt issued before still verify, and the erasure itself is a record.
 */
abstract class ErasureContract {

    static final String MARKER = "MARKER-7f3a";
    /** A number no other field holds; its float form (an encoded feature) is {@code 987654.3}. */
    static final String NUMBER = "987654.3";
    static final KeyPair KEYS = SigningKeys.generate();
    static final String BASIS = "GDPR Art. 17(1)(a), request 2026-113";

    @TempDir
    Path dir;

    ModelRegistry registry;
    JdbcAuditLog log;

    /** A fresh, empty store (a second call opens the same store again). */
    abstract JdbcAuditLog open();

    abstract Connection connect() throws SQLException;

    /** Runs before a store is first opened: a fresh store for ReleaseThreeStore. */
    void emptyStore() throws SQLException {
    }

    @BeforeEach
    void serveModel() throws SQLException {
        emptyStore();
        registry = ServiceFixture.serveCreditDefault(dir.resolve("models"));
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
        ServiceFixture.stopServing(registry);
    }

    /** A decision with the marker (or the number) in every personal field there is. */
    static AuditEntry marked(String decisionId, String applicationId, int n) {
        Map<String, Float> features = new LinkedHashMap<>();
        features.put("purpose=" + MARKER, 1.0f);
        features.put("savings", 987654.321f);
        ScoreSummary score = new ScoreSummary("credit-default", "1.0.0", "cd".repeat(32), "CPU", 0.73, null, features);
        Reason policy = new Reason("KO_DEBT_TO_INCOME", "Debts of " + NUMBER + " for " + MARKER, Outcome.DECLINE, "dti");
        Reason model = new Reason("RC04", "Purpose of the loan (" + MARKER + ")", Outcome.DECLINE,
                "model explanation: purpose");
        String raw = "{\"applicationId\":\"" + applicationId + "\",\"modelInputs\":{\"purpose\":\"" + MARKER
                + "\",\"savings\":987654.321}}";
        return new AuditEntry(decisionId, applicationId, "rest", AuditFixtures.DAY_ONE.plusSeconds(n),
                AuditFixtures.DAY_ONE.plusSeconds(n), raw, AuditEntry.Status.DECIDED, "DECLINE", List.of(policy),
                List.of(score), Map.of("credit-default.decline", 0.35), List.of("dti"), AuditFixtures.RULE_BASE, List.of(),
                List.of(policy, model), List.of(new FeatureAttribution("purpose", "purpose of the loan", MARKER, "A43", 0.5),
                new FeatureAttribution("savings", "savings", 987654.321, 1200.0, 0.25)));
    }

    static AuditEntry failed(String decisionId, String applicationId) {
        return new AuditEntry(decisionId, applicationId, "rest", AuditFixtures.DAY_ONE, AuditFixtures.DAY_ONE,
                "{\"purpose\":\"" + MARKER + "\"}", AuditEntry.Status.FAILED, null, List.of(), List.of(), Map.of(), List.of(),
                AuditFixtures.RULE_BASE, List.of("the decision could not be made: IllegalStateException: purpose " + MARKER));
    }

    static String serviceApplication(String id) {
        return ServiceFixture.application(id, 0.10).replace("\"modelInputs\": {", "\"modelInputs\": {\"purpose\": \""
                + MARKER + "\", \"savings\": 987654.321, ");
    }

    /** Every column of every {@code audit_*} table, as text. */
    String dump() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = connect()) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT).startsWith("audit_")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            assertTrue(tables.size() >= 9, "all audit tables: " + tables);
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            out.append(table).append(':');
                            for (int i = 1; i <= columns; i++) {
                                out.append(rs.getString(i)).append('|');
                            }
                            out.append('\n');
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    Checkpointer checkpointer() {
        return Checkpointer.start(log.tree(), new JdbcCheckpoints(log.pool()), new CheckpointSigner(KEYS),
                new CheckpointFile(dir.resolve("witness")), 1_000_000, Duration.ofHours(1), Clock.systemUTC());
    }

    List<String> recordHashes() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_hash FROM audit_record ORDER BY sequence")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Writes the marked application (three records), a control application and two rejections. */
    record Written(List<AuditRecord> records, String anonymousRejection) {
    }

    Written writeMarkedStore() {
        log = open();
        DecisionService service = ServiceFixture.service(log);
        List<AuditRecord> records = new ArrayList<>();
        records.add(log.append(AuditFixtures.decided(9, "DECLINE", "1.0.0")));
        records.add(log.append(marked("dec-m1", "app-m", 1)));
        records.add(log.append(failed("dec-m2", "app-m")));
        ServiceOutcome decided = service.decide(Channel.REST, serviceApplication("app-svc"));
        assertEquals(AuditEntry.Status.DECIDED, decided.record().entry().status(), decided.record().entry().errors().toString());
        ServiceOutcome replay = service.decide(Channel.REST, serviceApplication("app-svc"));
        assertTrue(replay.replayed());
        // A replay is built from the stored record and its personal data: the very body of the first answer.
        assertEquals(DecisionJson.text(DecisionJson.of(decided)),
                DecisionJson.text(DecisionJson.of(replay)).replace(",\"replayed\":true", ""));
        ServiceOutcome rejected = service.decide(Channel.REST, serviceApplication("app-svc")
                .replace("\"EMPLOYED\"", "\"" + MARKER + "\""));
        assertEquals(AuditEntry.Status.REJECTED, rejected.record().entry().status());
        assertTrue(rejected.record().entry().errors().toString().contains(MARKER), "the violation echoes the value");
        ServiceOutcome anonymous = service.decide(Channel.REST, "{\"applicantAge\": \"" + MARKER + "\"}");
        assertEquals(AuditEntry.Status.REJECTED, anonymous.record().entry().status());
        assertNull(anonymous.record().entry().applicationId());
        records.add(decided.record());
        records.add(rejected.record());
        records.add(anonymous.record());
        return new Written(records, anonymous.decisionId());
    }

    @Test
    void afterErasureNoTableHoldsTheMarkerAndChainTreeAndReceiptsStillVerify() throws Exception {
        Written written = writeMarkedStore();
        List<InclusionProofDocument> proofsBefore = new ArrayList<>();
        try (Checkpointer checkpoints = checkpointer()) {
            checkpoints.checkpointNow();
            ProofService proofs = new ProofService(log.tree(), checkpoints);
            for (AuditRecord r : written.records()) {
                proofsBefore.add(((ProofService.Proved) proofs.prove(r.receipt())).document());
            }
        }
        String before = dump();
        assertTrue(before.contains(MARKER) && before.contains(NUMBER), "the dump finds what is there");
        assertFalse(before.contains(RecordDocument.sha256(written.records().get(1).entry().rawInput())),
                "no unsalted digest of a format-2 input");

        Erasure app = log.erase(ErasureRequest.ofApplication("app-m", BASIS, "session:dpo", "rest"));
        Erasure svc = log.erase(ErasureRequest.ofApplication("app-svc", BASIS, "session:dpo", "rest"));
        Erasure anonymous = log.erase(ErasureRequest.ofDecision(written.anonymousRejection(), BASIS, "cli:olga", "cli"));

        String after = dump();
        assertFalse(after.contains(MARKER), after);
        assertFalse(after.contains(NUMBER), after);
        assertTrue(after.contains("Jane Doe"), "the other application keeps its data");
        assertEquals(ChainVerification.intact(9), log.verify());

        // The tree is the RFC 9162 tree of the records, and every receipt issued before still proves.
        MerkleTree rebuilt = new MerkleTree(new InMemoryTreeNodes());
        recordHashes().forEach(h -> rebuilt.append(HexFormat.of().parseHex(h)));
        assertEquals(rebuilt.root(), log.tree().root());
        for (InclusionProofDocument proof : proofsBefore) {
            assertTrue(proof.verify(KEYS.getPublic()).valid(), proof.decisionId());
        }
        try (Checkpointer checkpoints = checkpointer()) {
            checkpoints.checkpointNow();
            ProofService proofs = new ProofService(log.tree(), checkpoints);
            for (AuditRecord r : written.records()) {
                assertTrue(((ProofService.Proved) proofs.prove(r.receipt())).document().verify(KEYS.getPublic()).valid());
            }
        }
        assertTrue(TreeAudit.check(recordHashes().iterator(), log.tree(),
                new CheckpointFile(dir.resolve("witness")).readVerified(KEYS.getPublic())).intact());

        // The erasure records: who, when, what, why; in the chain and in the tree.
        assertEquals(List.of("dec-m1", "dec-m2"), app.erased());
        assertEquals(2, svc.erased().size());
        assertEquals(List.of(written.anonymousRejection()), anonymous.erased());
        AuditEntry record = log.find(app.record().entry().decisionId()).orElseThrow().entry();
        assertEquals(AuditEntry.Status.ERASURE, record.status());
        assertEquals("app-m", record.applicationId());
        assertEquals("session:dpo", record.requestedBy());
        assertEquals(new AuditEntry.Erasure(AuditEntry.Erasure.APPLICATION, List.of("dec-m1", "dec-m2"), BASIS),
                record.erasure());
        assertEquals(AuditEntry.Erasure.DECISION, log.find(anonymous.record().entry().decisionId()).orElseThrow().entry()
                .erasure().scope());
        assertEquals(anonymous.record().receipt().leafHash(), log.tree().leafHash(anonymous.record().sequence() - 1),
                "the erasure record is a leaf of the tree");

        // What is left of an erased record, as every page and the API show it.
        AuditRecord erased = log.find("dec-m1").orElseThrow();
        assertTrue(erased.inputErased());
        assertNull(erased.entry().rawInput());
        assertNull(erased.entry().attributions().get(0).value());
        assertEquals("A43", erased.entry().attributions().get(0).referenceValue(), "reference values stay");
        assertNull(erased.entry().scores().get(0).encodedFeatures());
        assertEquals("KO_DEBT_TO_INCOME", erased.entry().reasons().get(0).code());
        assertEquals(PersonalData.ERASED, erased.entry().reasons().get(0).text());
        assertEquals(List.of(PersonalData.ERASED), log.find("dec-m2").orElseThrow().entry().errors());
        for (AuditRecord r : written.records()) {
            assertFalse(DecisionJson.text(DecisionJson.of(log.find(r.entry().decisionId()).orElseThrow())).contains(MARKER));
        }
    }

    @Test
    void howTheReasonsWereComputedIsReadBackAndOutlivesErasureForItIsNotPersonal() {
        log = open();
        AuditEntry entry = AuditFixtures.explained(1, "DECLINE",
                io.credence.plugin.explain.ExplanationMethod.BASELINE_SHAPLEY, 0.0625);
        log.append(entry);

        AuditRecord kept = log.find("dec-1").orElseThrow();
        log.erase(ErasureRequest.ofApplication("app-1", BASIS, "session:dpo", "rest"));
        AuditRecord erased = log.find("dec-1").orElseThrow();

        assertEquals(entry.explanation(), kept.entry().explanation());
        assertEquals(List.of(0.0625, 0.0625), kept.entry().attributions().stream().map(FeatureAttribution::error).toList());
        assertTrue(erased.inputErased());
        assertEquals(PersonalData.ERASED, erased.entry().principalReasons().get(0).text());
        assertEquals(entry.explanation(), erased.entry().explanation(), "the method is no personal data");
        assertEquals(List.of(0.0625, 0.0625), erased.entry().attributions().stream().map(FeatureAttribution::error).toList());
        assertTrue(log.verify().intact());
    }

    @Test
    void erasingTwiceErasesNothingMoreAndAppendsNothing() {
        writeMarkedStore();
        Erasure first = log.erase(ErasureRequest.ofApplication("app-m", BASIS, "session:dpo", "rest"));
        long size = log.tree().size();

        Erasure second = log.erase(ErasureRequest.ofApplication("app-m", BASIS, "session:dpo", "rest"));
        Erasure unknown = log.erase(ErasureRequest.ofApplication("app-none", BASIS, "session:dpo", "rest"));
        Erasure anErasureRecord = log.erase(ErasureRequest.ofDecision(first.record().entry().decisionId(), BASIS,
                "session:dpo", "rest"));

        assertEquals(2, first.erased().size());
        assertNull(second.record());
        assertEquals(2, second.alreadyErased());
        assertEquals(0, unknown.matched());
        assertEquals(0, anErasureRecord.matched(), "an erasure record is never a target");
        assertEquals(size, log.tree().size());
        assertTrue(log.verify().intact());
    }

    @Test
    void aStoreOfFormatOneStillVerifiesAndItsInputsCanBeErased() throws Exception {
        AuditEntry old = RecordDocument.withInput(AuditFixtures.decided(1, "DECLINE", "1.0.0"),
                "{\"applicationId\":\"app-1\",\"name\":\"RAWONLY-1\"}");
        List<AuditRecord> written;
        try (Connection c = connect()) {
            ReleaseThreeStore.create(c);
            written = ReleaseThreeStore.append(c, List.of(old, AuditFixtures.decided(2, "APPROVE", "1.0.0")));
        }
        log = open();
        assertEquals(ChainVerification.intact(2), log.verify());
        AuditRecord first = log.find("dec-1").orElseThrow();
        assertEquals(old.rawInput(), first.entry().rawInput());
        assertEquals(written.get(0).inputSha256(), first.inputSha256());
        assertNull(first.personalDataCommitment());
        log.append(marked("dec-3", "app-1", 3));

        Erasure done = log.erase(ErasureRequest.ofApplication("app-1", BASIS, "cli:olga", "cli"));

        assertEquals(List.of("dec-1", "dec-3"), done.erased());
        assertEquals(ChainVerification.intact(4), log.verify());
        String after = dump();
        assertFalse(after.contains("RAWONLY-1"), "the format-1 raw input is erased");
        assertFalse(after.contains(MARKER), "the format-2 record's personal data is erased");
        // Format-1 records are never rewritten: what their hashed document holds stays (docs/audit.md).
        assertTrue(after.contains("A11"), "a format-1 attribution value stays in its record");
        assertTrue(log.find("dec-1").orElseThrow().inputErased());
    }
}
