package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.chaos.AuditCount;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.proof.Checkpoint;
import io.credence.rules.audit.proof.InclusionProofDocument;
import io.credence.rules.audit.proof.JdbcCheckpoints;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.Receipt;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.audit.proof.Verification;
import io.credence.chaos.RetryingSender;
import io.credence.chaos.ServiceProcess;
import io.credence.chaos.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service JVMs on one PostgreSQL store, sent the same applications at the same time (every
 * application to both): the store's unique idempotency key lets only one decision per distinct
 * input exist, and both instances answer with it. Both grow one Merkle tree and sign checkpoints
 * of it: every decision's record proves against the final checkpoint.
 */
class TwoServiceProcessesTest {

    @TempDir
    Path dir;

    @Test
    void twoInstancesOnOneStoreDecideEachDistinctApplicationOnce() throws Exception {
        try (PostgresSchema pg = PostgresSchema.create()) {
            Path key = dir.resolve("audit-signing.pem");
            SigningKeys.write(SigningKeys.generate(), key);
            Map<String, String> settings = Map.of("credence.audit.db", pg.url(), "credence.audit.user", PostgresSchema.USER,
                    "credence.audit.password", PostgresSchema.PASSWORD, "credence.audit.signing-key", key.toString(),
                    "credence.audit.checkpoint-every", "100", "credence.audit.checkpoint-interval", "1s");
            List<Workload.Application> apps = Workload.german("TWIN", 400);
            RetryingSender.Result[] results = new RetryingSender.Result[2];
            // Both start at once on the empty schema: Flyway's lock lets one migrate while the other waits.
            try (ServiceProcess a = ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("a.log"));
                 ServiceProcess b = ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("b.log"))) {
                a.awaitReady(Duration.ofSeconds(120));
                b.awaitReady(Duration.ofSeconds(120));
                AtomicInteger turn = new AtomicInteger();
                // Each sender sends every application; their threads alternate between the instances.
                RetryingSender one = new RetryingSender(() -> turn.incrementAndGet() % 2 == 0 ? a.client() : b.client(),
                        8, Duration.ofSeconds(120));
                RetryingSender two = new RetryingSender(() -> turn.incrementAndGet() % 2 == 0 ? b.client() : a.client(),
                        8, Duration.ofSeconds(120));
                Thread other = new Thread(() -> {
                    try {
                        results[1] = two.send(apps);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                other.start();
                results[0] = one.send(apps);
                other.join();

                assertEquals(0, results[0].unanswered(), results[0].toString());
                assertEquals(0, results[1].unanswered(), results[1].toString());
                assertEquals(results[0].decisionIds(), results[1].decisionIds(), "both senders got the same decision ids");
                a.terminate(Duration.ofSeconds(30));
                b.terminate(Duration.ofSeconds(30));
            }
            AuditCount audit = AuditCount.of(pg.url(), PostgresSchema.USER, PostgresSchema.PASSWORD);
            assertEquals(apps.size(), audit.recordsOf("TWIN-"), "one record per distinct application");
            assertEquals(0, audit.duplicates());
            assertTrue(audit.chain().intact(), audit.chain().toString());
            try (JdbcAuditLog log = JdbcAuditLog.open(pg.url(), PostgresSchema.USER, PostgresSchema.PASSWORD)) {
                MerkleTree tree = log.tree();
                assertEquals(audit.records(), tree.size(), "one tree: a leaf per record, whichever instance wrote it");
                Checkpoint last = new JdbcCheckpoints(log.pool()).latest().orElseThrow();
                assertEquals(tree.size(), last.treeSize(), "the shutdown checkpoint covers every record");
                for (String decisionId : results[0].decisionIds().values()) {
                    Receipt receipt = log.find(decisionId).orElseThrow().receipt();
                    Verification v = InclusionProofDocument.prove(tree, receipt, last)
                            .verify(SigningKeys.readPublicKey(SigningKeys.publicKeyFile(key)));
                    assertTrue(v.valid(), decisionId + ": " + v.problem());
                }
            }
        }
    }
}
