package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.chaos.AuditCount;
import io.credence.chaos.RetryingSender;
import io.credence.chaos.ServiceProcess;
import io.credence.chaos.Workload;
import io.credence.load.DecisionClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the service under REST load, then the clients' retries of everything that
 * went unanswered against the restarted service, on the same H2 store: no application is lost,
 * none is decided twice, and a retry of an application decided before the kill (whose answer
 * may never have reached its client) gets the decision that was recorded.
 */
class RestKillAndRetryTest {

    @TempDir
    Path dir;

    @Test
    void noApplicationIsLostOrDecidedTwiceWhenTheServiceIsKilledUnderLoad() throws Exception {
        String store = "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
        Map<String, String> settings = Map.of("credence.audit.db", store);
        List<Workload.Application> apps = Workload.german("KILL", 1500);
        AtomicReference<ServiceProcess> current = new AtomicReference<>(
                ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("service-1.log"))
                        .awaitReady(Duration.ofSeconds(90)));
        int port = current.get().port();
        DecisionClient client = current.get().client();
        RetryingSender sender = new RetryingSender(() -> client, 8, Duration.ofSeconds(150));
        try {
            Thread killer = new Thread(() -> {
                try {
                    // Kill once a part of the load is through, while requests are in flight.
                    while (sender.answeredSoFar() < 200) {
                        Thread.sleep(20);
                    }
                    current.get().kill();
                    current.set(ServiceProcess.start(ServiceProcess.serviceJar(), settings, dir.resolve("service-2.log"), port)
                            .awaitReady(Duration.ofSeconds(90)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            RetryingSender.Result first = sender.send(apps);
            killer.join();

            assertEquals(0, first.unanswered(), "every application got an answer in the end: " + first);
            assertTrue(first.failedAttempts() > 0, "the kill cut some requests off: " + first);
            // The lender retries everything once more (as after a lost answer): all replays, same ids.
            RetryingSender.Result again = new RetryingSender(() -> client, 8, Duration.ofSeconds(60)).send(apps);
            // The applications whose second answer is not a replay of the first, with what each got in
            // both passes (empty when every retry is a replay): what to look for in the audit store and
            // the service logs if this fails.
            Map<String, String> notReplayed = new TreeMap<>();
            for (Workload.Application app : apps) {
                RetryingSender.Answer before = first.answers().get(app.id());
                RetryingSender.Answer after = again.answers().get(app.id());
                boolean same = before != null && after != null && after.replayed() && before.decisionId() != null
                        && before.decisionId().equals(after.decisionId());
                if (!same) {
                    notReplayed.put(app.id(), "first " + before + ", then " + after);
                }
            }
            assertEquals(Map.of(), notReplayed, "every retry is answered with the decision it got first; first pass: "
                    + first.statuses() + ", " + first.failedAttempts() + " failed attempts");
            assertEquals(apps.size(), again.replayed(), "every retry is answered from its record: " + again);
        } finally {
            current.get().terminate(Duration.ofSeconds(30));
        }
        AuditCount audit = AuditCount.of(store, "sa", "");
        assertEquals(apps.size(), audit.recordsOf("KILL-"), "one record per application: " + audit.perApplication());
        assertEquals(0, audit.duplicates());
        assertTrue(audit.chain().intact(), audit.chain().toString());
    }
}
