package io.credence.rules.audit.proof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.proof.CheckpointSigner;
import io.credence.rules.audit.proof.InMemoryTreeNodes;
import io.credence.rules.audit.proof.InclusionProofDocument;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.Receipt;
import io.credence.rules.audit.proof.SigningKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyReceiptCommandTest {

    @TempDir
    Path dir;

    private Path key;
    private Path proof;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new VerifyReceiptCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void aLogWithOneProofDocument() throws NoSuchAlgorithmException {
        key = dir.resolve("checkpoint.key");
        SigningKeys.write(SigningKeys.generate(), key);
        MerkleTree tree = new MerkleTree(new InMemoryTreeNodes());
        String hash = null;
        for (int i = 0; i < 10; i++) {
            byte[] recordHash = MessageDigest.getInstance("SHA-256").digest(("record-" + i).getBytes());
            tree.append(recordHash);
            if (i == 4) {
                hash = HexFormat.of().formatHex(recordHash);
            }
        }
        CheckpointSigner signer = new CheckpointSigner(SigningKeys.read(key));
        proof = dir.resolve("dec-5.proof.json");
        InclusionProofDocument.prove(tree, new Receipt("dec-5", 4, hash), signer.sign(tree, Instant.now()))
                .write(proof);
    }

    @Test
    void exitsZeroWhenTheReceiptIsProven() {
        Run run = run("--proof", proof.toString(), "--public-key", key + ".pub");

        assertEquals(VerifyReceiptCommand.VERIFIED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("receipt verified: decision dec-5 is leaf 4 of the audit tree of 10 leaves"),
                run.out());
    }

    @Test
    void exitsOneWhenTheProofWasTamperedWith() throws IOException {
        String json = Files.readString(proof);
        String hash = InclusionProofDocument.read(proof).recordHash();
        Files.writeString(proof, json.replace(hash, hash.replace(hash.charAt(0), hash.charAt(0) == 'a' ? 'b' : 'a')));

        Run run = run("--proof", proof.toString(), "--public-key", key + ".pub");

        assertEquals(VerifyReceiptCommand.NOT_VERIFIED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("receipt NOT verified for decision dec-5"), run.out());
        assertTrue(run.out().contains("problem: inclusion of decision dec-5"), run.out());
    }

    @Test
    void exitsOneWithAnotherLogsKey() {
        Path other = dir.resolve("other.key");
        SigningKeys.write(SigningKeys.generate(), other);

        Run run = run("--proof", proof.toString(), "--public-key", other + ".pub");

        assertEquals(VerifyReceiptCommand.NOT_VERIFIED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("names signing key"), run.out());
    }

    @Test
    void exitsTwoForFilesThatCannotBeUsed() throws IOException {
        Run missing = run("--proof", dir.resolve("nope.json").toString(), "--public-key", key + ".pub");
        assertEquals(VerifyReceiptCommand.UNUSABLE, missing.exitCode());
        assertTrue(missing.err().contains("nope.json does not exist"), missing.err());

        Run privateForPublic = run("--proof", proof.toString(), "--public-key", key.toString());
        assertEquals(VerifyReceiptCommand.UNUSABLE, privateForPublic.exitCode());
        assertTrue(privateForPublic.err().contains("is not an Ed25519 public key"), privateForPublic.err());

        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "hello");
        Run garbage = run("--proof", notJson.toString(), "--public-key", key + ".pub");
        assertEquals(VerifyReceiptCommand.UNUSABLE, garbage.exitCode());
        assertTrue(garbage.err().contains("is not an inclusion proof document"), garbage.err());
    }

    @Test
    void exitsTwoWithoutItsOptions() {
        Run run = run("--proof", proof.toString());
        assertEquals(VerifyReceiptCommand.UNUSABLE, run.exitCode());
        assertTrue(run.err().contains("--public-key"), run.err());
    }
}
