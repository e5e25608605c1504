package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.proof.cli.VerifyReceiptCommand;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receipts and inclusion proofs over HTTP, as {@code serve --signing-key FILE --checkpoints DIR}
 * gives them: every decision carries its receipt, {@code GET .../proof} answers 202 until a
 * checkpoint covers it and then a proof that {@code audit verify-receipt} accepts offline, and the
 * checkpoint signed at shutdown covers the last decision.
 */
class ProofHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyDecisionGetsAReceiptAndAProofThatVerifiesOfflineOnceACheckpointCoversIt() throws Exception {
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        Path key = dir.resolve("audit-signing.pem");
        SigningKeys.write(SigningKeys.generate(), key);
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
        s.put("credence.audit.signing-key", key.toString());
        s.put("credence.audit.checkpoints", dir.resolve("witness").toString());
        s.put("credence.audit.checkpoint-every", "1000");
        s.put("credence.audit.checkpoint-interval", "1s");
        String base = "http://127.0.0.1:" + port + "/api/v1/decisions/";
        List<JsonNode> receipts = new ArrayList<>();
        String last;
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(URI.create(base.substring(0, base.length() - 1)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("PROOF-" + i, 0.2))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, posted.statusCode(), posted.body());
                JsonNode receipt = JSON.readTree(posted.body()).get("receipt");
                assertEquals(i, receipt.get("leafIndex").asLong(), posted.body());
                assertEquals(64, receipt.get("recordHash").asString().length());
                receipts.add(receipt);
            }
            String first = receipts.get(0).get("decisionId").asString();
            HttpResponse<String> proof = get(base + first + "/proof");
            if (proof.statusCode() == 202) {
                assertTrue(proof.headers().firstValue("Retry-After").isPresent());
                assertEquals("pending", JSON.readTree(proof.body()).get("status").asString());
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (proof.statusCode() == 202 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    proof = get(base + first + "/proof");
                }
            }
            assertEquals(200, proof.statusCode(), proof.body());
            Path file = Files.writeString(dir.resolve("first.proof.json"), proof.body(), StandardCharsets.UTF_8);
            assertEquals(VerifyReceiptCommand.VERIFIED, verifyReceipt(file, key));
            Path forged = Files.writeString(dir.resolve("forged.proof.json"),
                    proof.body().replace(receipts.get(0).get("recordHash").asString(), receipts.get(1).get("recordHash").asString()),
                    StandardCharsets.UTF_8);
            assertEquals(VerifyReceiptCommand.NOT_VERIFIED, verifyReceipt(forged, key));
            assertEquals(404, get(base + "no-such-decision/proof").statusCode());
            last = receipts.get(4).get("decisionId").asString();
        }
        // The checkpoint signed at shutdown covers every decision: the witness file's last line.
        List<Checkpoint> witness = new CheckpointFile(dir.resolve("witness")).readVerified(SigningKeys.readPublicKey(
                SigningKeys.publicKeyFile(key)));
        assertEquals(5, witness.get(witness.size() - 1).treeSize(), "signed at shutdown: " + last);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static int verifyReceipt(Path proof, Path key) {
        return new CommandLine(new VerifyReceiptCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter()))
                .execute("--proof", proof.toString(), "--public-key", SigningKeys.publicKeyFile(key).toString());
    }
}
