package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.decision.ExplanationSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordDocumentTest {

    private static final List<AuditEntry> ENTRIES = List.of(AuditFixtures.decided(1, "APPROVE", "1.0.0"),
            AuditFixtures.decided(2, "DECLINE", "1.0.0"), AuditFixtures.rejected(3));

    @Test
    void thePreparedDocumentIsTheCanonicalDocumentOfTheWholeRecord() {
        for (AuditEntry entry : ENTRIES) {
            RecordDocument.Chained chained = RecordDocument.prepare(entry).chain(41, "ab".repeat(32));
            assertEquals(RecordDocument.canonicalText(41, entry, "ab".repeat(32), chained.document().personalDataCommitment()),
                    chained.document().json(), entry.decisionId());
            assertEquals(RecordDocument.sha256(chained.document().json()), chained.hash(), "hash of " + entry.decisionId());
            assertEquals(chained.document(), RecordDocument.parse(chained.document().json()), "reads back");
        }
    }

    @Test
    void oneBatchChainsEachPreparedRecordOnlyOnce() {
        RecordDocument.Prepared prepared = RecordDocument.prepare(ENTRIES.get(0));
        RecordDocument.Chained first = prepared.chain(7, RecordDocument.GENESIS_HASH);
        RecordDocument.Chained retried = prepared.chain(8, first.hash());
        // a retried batch chains the same prepared record again at another place: the copy of the
        // hash state must not carry the first attempt
        assertEquals(RecordDocument.sha256(retried.document().json()), retried.hash());
        assertNotEquals(first.hash(), retried.hash());
    }

    @Test
    void whoRequestedADecisionIsHashedOnlyWhenRecordedSoOlderRecordsKeepTheirHash() {
        AuditEntry before = AuditFixtures.decided(4, "APPROVE", "1.0.0");
        AuditEntry requested = before.requestedBy("api-key:loan-portal");

        String old = RecordDocument.of(4, before, RecordDocument.GENESIS_HASH).json();
        RecordDocument withRequester = RecordDocument.of(4, requested, RecordDocument.GENESIS_HASH);

        assertFalse(old.contains("requestedBy"), old);
        assertTrue(withRequester.json().contains("\"requestedBy\":\"api-key:loan-portal\""), withRequester.json());
        assertNotEquals(RecordDocument.sha256(old), withRequester.hash());
        assertEquals(withRequester, RecordDocument.parse(withRequester.json()), "reads back");
        assertEquals("api-key:loan-portal", RecordDocument.parse(withRequester.json()).entry().requestedBy());
    }

    @Test
    void howTheReasonsWereComputedIsHashedOnlyWhenPresentSoOlderRecordsKeepTheirText() {
        AuditEntry before = AuditFixtures.decided(5, "DECLINE", "1.1.0");
        AuditEntry exact = AuditFixtures.explained(5, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0);
        AuditEntry estimated = AuditFixtures.explained(5, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0625);

        String old = RecordDocument.of(5, before, RecordDocument.GENESIS_HASH).json();
        RecordDocument withExact = RecordDocument.of(5, exact, RecordDocument.GENESIS_HASH);
        RecordDocument withEstimate = RecordDocument.of(5, estimated, RecordDocument.GENESIS_HASH);

        // The attributions of a record without stated errors (NaN) are written as they always were.
        assertFalse(old.contains("\"explanation\":") || old.contains("\"error\""), old);
        assertTrue(old.contains("\"contribution\":0.8125,\"description\":\"status of checking account\","
                + "\"feature\":\"checking_status\",\"referenceValue\":\"A14\"}"), old);
        assertTrue(withExact.json().contains("\"explanation\":{\"exact\":true,\"maxError\":0.0,"
                + "\"method\":\"BASELINE_SHAPLEY\",\"model\":\"credit-default\",\"version\":\"1.1.0\"}"), withExact.json());
        assertTrue(withExact.json().contains("\"contribution\":0.8125,\"description\":\"status of checking account\","
                + "\"error\":0.0,\"feature\":\"checking_status\""), withExact.json());
        assertTrue(withEstimate.json().contains("\"exact\":false,\"maxError\":0.0625"), withEstimate.json());
        assertNotEquals(RecordDocument.sha256(old), withExact.hash());

        for (RecordDocument doc : List.of(withExact, withEstimate)) {
            RecordDocument read = RecordDocument.parse(doc.json());
            assertEquals(doc, read, "reads back");
            assertEquals(doc.entry().explanation(), read.entry().explanation());
            assertEquals(doc.entry().attributions().get(1).error(), read.entry().attributions().get(1).error());
        }
        assertEquals(new ExplanationSummary("credit-default", "1.1.0", ExplanationMethod.BASELINE_SHAPLEY, false, 0.0625),
                RecordDocument.parse(withEstimate.json()).entry().explanation());
    }

    @Test
    void aMethodThatStatesNoErrorIsRecordedWithoutOneAndReadsBackAsNaN() {
        AuditEntry occlusion = AuditFixtures.explained(6, "REFER", ExplanationMethod.OCCLUSION, Double.NaN);

        RecordDocument doc = RecordDocument.of(6, occlusion, RecordDocument.GENESIS_HASH);
        AuditEntry read = RecordDocument.parse(doc.json()).entry();

        assertTrue(doc.json().contains("\"explanation\":{\"exact\":false,\"method\":\"OCCLUSION\","
                + "\"model\":\"credit-default\",\"version\":\"1.1.0\"}"), doc.json());
        assertFalse(doc.json().contains("maxError") || doc.json().contains("\"error\""), doc.json());
        assertTrue(Double.isNaN(read.explanation().maxError()));
        assertTrue(read.attributions().stream().mapToDouble(FeatureAttribution::error).allMatch(Double::isNaN));
    }

    @Test
    void theMethodAndTheErrorsAreNotPersonalData() {
        AuditEntry entry = AuditFixtures.explained(7, "DECLINE", ExplanationMethod.BASELINE_SHAPLEY, 0.0625);

        PersonalData personal = PersonalData.of(entry);
        AuditEntry kept = PersonalData.withoutPersonal(entry);

        assertFalse(personal.json().contains("BASELINE_SHAPLEY") || personal.json().contains("0.0625"), personal.json());
        assertEquals(entry.explanation(), kept.explanation(), "stays in the hashed record");
        assertEquals(0.0625, kept.attributions().get(0).error());
        assertEquals(entry, personal.restore(kept), "the whole entry comes back");
    }
}
