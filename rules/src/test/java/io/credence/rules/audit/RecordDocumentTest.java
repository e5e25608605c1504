package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
