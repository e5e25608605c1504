package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final KeyPair KEYS = SigningKeys.generate();
    private static final KeyPair OTHER_KEYS = SigningKeys.generate();
    private static final Hash ROOT = Hash.ofHex(Rfc9162TestVectorsTest.ROOTS.get(8));
    private static final Instant TIME = Instant.parse("2026-05-04T10:15:30Z");

    private final CheckpointSigner signer = new CheckpointSigner(KEYS);
    private final CheckpointVerifier verifier = new CheckpointVerifier(KEYS.getPublic());

    @Test
    void aSignedCheckpointVerifiesWithItsPublicKey() {
        Checkpoint cp = signer.sign(8, ROOT, TIME);

        assertTrue(verifier.verify(cp).valid(), verifier.verify(cp).problem());
        assertEquals(8, cp.treeSize());
        assertEquals(ROOT, cp.root());
        assertEquals(SigningKeys.keyId(KEYS.getPublic()), cp.keyId());
    }

    @Test
    void theLineIsTheDocumentedCanonicalForm() throws Exception {
        Checkpoint cp = signer.sign(8, ROOT, TIME);
        String line = cp.toLine();

        String body = "credence-checkpoint v1 8 " + ROOT.hex() + " 2026-05-04T10:15:30Z " + cp.keyId();
        assertEquals(body + " " + Base64.getEncoder().encodeToString(cp.signature()), line);
        assertEquals(body, cp.signedText());
        Signature ed = Signature.getInstance("Ed25519");   // the signature covers the line without it
        ed.initVerify(KEYS.getPublic());
        ed.update(body.getBytes(StandardCharsets.UTF_8));
        assertTrue(ed.verify(cp.signature()));
        assertEquals(cp, Checkpoint.parse(line));
        assertTrue(verifier.verify(Checkpoint.parse(line)).valid());
    }

    @Test
    void fractionalSecondsAndTheEmptyTreeRoundTrip() {
        Checkpoint cp = signer.sign(0, MerkleHashes.EMPTY_ROOT, Instant.parse("2026-05-04T10:15:30.123456789Z"));
        assertEquals(cp, Checkpoint.parse(cp.toLine()));
        assertTrue(verifier.verify(Checkpoint.parse(cp.toLine())).valid());
    }

    @Test
    void aCheckpointWithAnEditedSizeOrRootFails() {
        Checkpoint cp = signer.sign(8, ROOT, TIME);
        Checkpoint bigger = Checkpoint.parse(cp.toLine().replace(" 8 ", " 9 "));
        Checkpoint otherRoot = new Checkpoint(8, ProofFixtures.flipped(ROOT, 1).bytes(), TIME, cp.keyId(),
                cp.signature());
        Checkpoint later = new Checkpoint(8, ROOT.bytes(), TIME.plusSeconds(1), cp.keyId(), cp.signature());

        for (Checkpoint tampered : new Checkpoint[] {bigger, otherRoot, later}) {
            Verification v = verifier.verify(tampered);
            assertFalse(v.valid(), tampered.toLine());
            assertTrue(v.problem().contains("does not verify"), v.problem());
        }
    }

    @Test
    void aCheckpointSignedByAnotherKeyFails() {
        Checkpoint foreign = new CheckpointSigner(OTHER_KEYS).sign(8, ROOT, TIME);
        Verification v = verifier.verify(foreign);
        assertFalse(v.valid());
        assertTrue(v.problem().contains("names signing key " + foreign.keyId()), v.problem());

        // Forged: the other key's signature over a checkpoint that claims our key id.
        Checkpoint claimingOurs = new CheckpointSigner(OTHER_KEYS).sign(8, ROOT, TIME);
        String ourId = SigningKeys.keyId(KEYS.getPublic());
        Checkpoint forged = new Checkpoint(8, ROOT.bytes(), TIME, ourId, claimingOurs.signature());
        Verification f = verifier.verify(forged);
        assertFalse(f.valid());
        assertTrue(f.problem().contains("does not verify"), f.problem());
    }

    @Test
    void aSignerRefusesKeysThatDoNotBelongTogether() {
        KeyPair mixed = new KeyPair(OTHER_KEYS.getPublic(), KEYS.getPrivate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckpointSigner(mixed));
        assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
    }

    @Test
    void malformedLinesAreRefusedNamingTheField() {
        String line = signer.sign(8, ROOT, TIME).toLine();
        String[] f = line.split(" ");
        String sig = f[6];
        assertRefused("x" + line, "starts with 'credence-checkpoint v1 '");
        assertRefused(line + " extra", "has 5 fields");
        assertRefused(line.replace(" " + sig, ""), "has 5 fields");
        assertRefused(line.replace(" 8 ", "  8 "), "has 5 fields");
        assertRefused(line.replace(" 8 ", " 08 "), "tree size must be a decimal number");
        assertRefused(line.replace(" 8 ", " -8 "), "tree size must be a decimal number");
        assertRefused(line.replace(ROOT.hex(), ROOT.hex().toUpperCase()), "lower-case hex");
        assertRefused(line.replace(ROOT.hex(), ROOT.hex().substring(2)), "64 hex digits");
        assertRefused(line.replace("2026-05-04T10:15:30Z", "2026-05-04T10:15:30"), "ISO-8601");
        assertRefused(line.replace("2026-05-04T10:15:30Z", "2026-05-04T10:15:30.000Z"), "not in canonical form");
        assertRefused(line.replace(f[5], "ABC"), "key id must be 16 lower-case hex digits");
        assertRefused(line.replace(sig, "%%%"), "signature must be base64");
        assertRefused(line.replace(sig, "AAAA"), "has 64 bytes, this one has 3");
        assertRefused(line.replace(sig, sig.replace("=", "")), "canonical base64");
    }

    private static void assertRefused(String line, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(line), line);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
