package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InclusionProofDocumentTest {

    private static final KeyPair KEYS = SigningKeys.generate();
    private static final int RECORDS = 13;

    @TempDir
    Path dir;

    /** Record hashes as the audit log makes them: SHA-256 values, here of "record-i". */
    private final List<String> recordHashes = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree(new InMemoryTreeNodes());
    private final CheckpointSigner signer = new CheckpointSigner(KEYS);

    InclusionProofDocumentTest() {
        for (int i = 0; i < RECORDS; i++) {
            String hash = HexFormat.of().formatHex(ReferenceMerkle.sha256(("record-" + i).getBytes()));
            recordHashes.add(hash);
            tree.append(HexFormat.of().parseHex(hash));
        }
    }

    private Receipt receipt(int i) {
        return new Receipt("dec-" + i, i, recordHashes.get(i));
    }

    private InclusionProofDocument document(int i, Checkpoint cp) {
        return InclusionProofDocument.prove(tree, receipt(i), cp);
    }

    private Checkpoint checkpoint() {
        return signer.sign(tree, Instant.parse("2026-05-04T10:15:30Z"));
    }

    @Test
    void everyReceiptVerifiesOfflineWithThePublicKey() {
        Checkpoint cp = checkpoint();
        for (int i = 0; i < RECORDS; i++) {
            Verification v = document(i, cp).verify(KEYS.getPublic());
            assertTrue(v.valid(), "receipt " + i + ": " + v.problem());
        }
    }

    @Test
    void aReceiptVerifiesAgainstAnOlderCheckpointToo() {
        Checkpoint old = signer.sign(5, tree.root(5), Instant.parse("2026-05-04T09:00:00Z"));
        InclusionProofDocument doc = document(3, old);
        assertEquals(5, doc.treeSize());
        assertTrue(doc.verify(KEYS.getPublic()).valid());
    }

    @Test
    void theJsonRoundTrips() {
        InclusionProofDocument doc = document(6, checkpoint());
        String json = doc.toJson();

        assertEquals(doc, InclusionProofDocument.fromJson(json));
        assertTrue(json.contains("\"format\" : \"credence-inclusion-proof v1\""), json);
        assertTrue(json.contains("\"recordHash\" : \"" + recordHashes.get(6) + "\""), json);
        Path file = dir.resolve("dec-6.proof.json");
        doc.write(file);
        assertEquals(doc, InclusionProofDocument.read(file));
        assertEquals(receipt(6), doc.receipt());
    }

    @Test
    void aTamperedDocumentFails() {
        Checkpoint cp = checkpoint();
        InclusionProofDocument doc = document(6, cp);
        List<String> path = doc.auditPath();
        List<String> flippedPath = new ArrayList<>(path);
        flippedPath.set(1, ProofFixtures.flipped(Hash.ofHex(path.get(1)), 5).hex());
        String editedSize = cp.toLine().replace(" " + RECORDS + " ", " " + (RECORDS + 1) + " ");

        List<InclusionProofDocument> tampered = List.of(
                new InclusionProofDocument("dec-6", 6, recordHashes.get(7), RECORDS, path, cp.toLine()),
                new InclusionProofDocument("dec-6", 7, recordHashes.get(6), RECORDS, path, cp.toLine()),
                new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS, flippedPath, cp.toLine()),
                new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS, path.subList(1, path.size()),
                        cp.toLine()),
                new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS + 1, path, editedSize),
                new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS - 1, path, cp.toLine()),
                new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS, path,
                        new CheckpointSigner(SigningKeys.generate()).sign(tree, Instant.EPOCH).toLine()));
        for (InclusionProofDocument t : tampered) {
            Verification v = t.verify(KEYS.getPublic());
            assertFalse(v.valid(), t.toJson());
            assertTrue(v.problem() != null, t.toJson());
        }
    }

    @Test
    void aGenuineDocumentFailsWithAnotherPublicKey() {
        Verification v = document(2, checkpoint()).verify(SigningKeys.generate().getPublic());
        assertFalse(v.valid());
        assertTrue(v.problem().startsWith("checkpoint: the checkpoint names signing key"), v.problem());
    }

    @Test
    void theFailureSaysWhatDidNotHold() {
        Checkpoint cp = checkpoint();
        InclusionProofDocument doc = document(6, cp);
        InclusionProofDocument otherLeaf = new InclusionProofDocument("dec-6", 6, recordHashes.get(7), RECORDS,
                doc.auditPath(), cp.toLine());
        assertTrue(otherLeaf.verify(KEYS.getPublic()).problem().startsWith("inclusion of decision dec-6: the audit"
                + " path leads from leaf 6 to root"), otherLeaf.verify(KEYS.getPublic()).problem());
        InclusionProofDocument smaller = new InclusionProofDocument("dec-6", 6, recordHashes.get(6), RECORDS - 1,
                doc.auditPath(), cp.toLine());
        assertEquals("the document is for a tree of 12 leaves, its checkpoint for 13",
                smaller.verify(KEYS.getPublic()).problem());
    }

    @Test
    void malformedJsonIsRefusedNamingTheField() {
        String json = document(6, checkpoint()).toJson();
        assertMalformed("{", "not JSON");
        assertMalformed("[]", "expected a JSON object");
        assertMalformed(json.replace("credence-inclusion-proof v1", "v0"), "format must be");
        assertMalformed(json.replace("\"leafIndex\" : 6", "\"leafIndex\" : \"6\""), "leafIndex must be a whole number");
        assertMalformed(json.replace("\"treeSize\"", "\"size\""), "unknown field 'size'");
        assertMalformed(json.replace(recordHashes.get(6), "abc"), "record hash must be 64 lower-case hex");
        assertMalformed(json.replace("credence-checkpoint v1", "checkpoint v1"), "checkpoint: a checkpoint line starts");
        assertMalformed(json.replace("\"leafIndex\" : 6", "\"leafIndex\" : 13"), "treeSize must be above leafIndex");
    }

    private static void assertMalformed(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InclusionProofDocument.fromJson(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aProofMustMatchItsCheckpoint() {
        Checkpoint cp = checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InclusionProofDocument.of(receipt(1), tree.inclusionProof(1, 5), cp));
        assertTrue(e.getMessage().contains("the proof is for a tree of 5 leaves, the checkpoint for 13"), e.getMessage());
    }
}
