package io.credence.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Faults under load, against the service in JVMs of its own, on loopback only, each scenario
 * bounded in time; for each it reports what the clients got and what the audit store holds.
 *
 * <pre>
 * mvn -B -q -Pchaos verify -pl integration-tests -am -DskipTests \
 *     -Dchaos.args="--pg-url jdbc:postgresql://127.0.0.1:55432/credence --out docs/reliability-results.md"
 * </pre>
 *
 * <p>Scenarios: {@code rest-kill} (kill -9 of the service under REST load, then the clients'
 * retries of every unanswered request), {@code head-lock} (the chain head locked by another
 * session for 10 s under load), {@code pg-restart} (PostgreSQL stopped hard and started again
 * under load), {@code two-instances} (two services on one PostgreSQL store sent the same
 * applications); and those found as {@link ChaosScenario} on the class path ({@code kafka-kill},
 * {@code file-kill}). The PostgreSQL scenarios run when {@code --pg-url} is given.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kills, restarts and locks under load; counts answers, records, duplicates and losses.")
public final class ChaosHarness implements Callable<Integer> {

    @Option(names = "--scenarios", split = ",", description = "Which to run (default: all that can run here)")
    List<String> scenarios;

    @Option(names = "--applications", description = "Distinct applications per scenario (default ${DEFAULT-VALUE})")
    int applications = 2000;

    @Option(names = "--clients", description = "Concurrent clients (default ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--pg-url", description = "PostgreSQL JDBC URL for the PostgreSQL scenarios (a schema is made per run)")
    String pgUrl;

    @Option(names = "--pg-user", description = "PostgreSQL user (default ${DEFAULT-VALUE})")
    String pgUser = "credence";

    @Option(names = "--pg-password-env", description = "Environment variable holding the PostgreSQL password"
            + " (default ${DEFAULT-VALUE}; when unset the password is 'credence', as .ci/start-postgres.sh makes it)")
    String pgPasswordEnv = "CREDENCE_PG_PASSWORD";

    @Option(names = "--pg-restart-command", description = "Command that stops PostgreSQL hard and starts it again"
            + " (default ${DEFAULT-VALUE})")
    String pgRestart = "bash .ci/restart-postgres.sh 3";

    @Option(names = "--deadline", description = "Longest a scenario's clients keep sending, e.g. PT5M (default ${DEFAULT-VALUE})")
    Duration deadline = Duration.ofMinutes(5);

    @Option(names = "--work", description = "Folder for stores and logs (default ${DEFAULT-VALUE})")
    Path work = Path.of("integration-tests", "target", "chaos");

    @Option(names = "--out", description = "Also write the results table (Markdown) to this file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        Map<String, ChaosScenario> more = new LinkedHashMap<>();
        java.util.ServiceLoader.load(ChaosScenario.class).forEach(s -> more.put(s.name(), s));
        if (scenarios == null) {
            scenarios = new ArrayList<>(List.of("rest-kill", "head-lock", "pg-restart", "two-instances"));
            scenarios.addAll(more.keySet());
        }
        List<ScenarioReport> reports = new ArrayList<>();
        for (String scenario : scenarios) {
            // An H2 file belongs to the service's JVM, so only PostgreSQL can be locked or restarted from outside
            // (the head lock on H2 is covered by AuditStoreFaultsOverHttpTest, in one JVM).
            boolean needsPg = !scenario.equals("rest-kill") && !more.containsKey(scenario);
            if (needsPg && (pgUrl == null || pgUrl.isBlank())) {
                System.out.println("skipping " + scenario + ": no --pg-url");
                continue;
            }
            System.out.println("== " + scenario);
            ScenarioReport report = switch (scenario) {
                case "rest-kill" -> restKill();
                case "head-lock" -> headLock();
                case "pg-restart" -> pgRestart();
                case "two-instances" -> twoInstances();
                default -> {
                    ChaosScenario found = more.get(scenario);
                    if (found == null) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + scenario
                                + ", expected one of rest-kill, head-lock, pg-restart, two-instances" + (more.isEmpty() ? ""
                                : ", " + String.join(", ", more.keySet())));
                    }
                    yield found.run(new ChaosScenario.Context(applications, work));
                }
            };
            System.out.println(report.row());
            reports.add(report);
        }
        StringBuilder table = new StringBuilder(ScenarioReport.header()).append('\n');
        reports.forEach(r -> table.append(r.row()).append('\n'));
        System.out.println();
        System.out.print(table);
        if (out != null) {
            Files.writeString(out, table.toString(), StandardCharsets.UTF_8);
        }
        return reports.stream().allMatch(ScenarioReport::passed) ? 0 : 1;
    }

    // ------------------------------------------------------------------ scenarios

    private ScenarioReport restKill() throws Exception {
        Store store = h2("rest-kill");
        List<Workload.Application> apps = Workload.german("RK", applications);
        AtomicReference<ServiceProcess> current = new AtomicReference<>(startService(store, "rest-kill-1"));
        int port = current.get().port();
        RetryingSender sender = new RetryingSender(() -> current.get().client(), clients, deadline);
        Thread fault = new Thread(() -> {
            try {
                awaitProgress(sender, apps.size() / 3);
                current.get().kill();
                current.set(ServiceProcess.start(ServiceProcess.serviceJar(), store.settings(),
                        work.resolve("rest-kill-2.log"), port).awaitReady(Duration.ofSeconds(120)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        fault.start();
        RetryingSender.Result result = sender.send(apps);
        fault.join();
        current.get().terminate(Duration.ofSeconds(30));
        return report("rest-kill", apps, result, store, -1, "killed after " + apps.size() / 3 + " answers");
    }

    private ScenarioReport headLock() throws Exception {
        Store store = pg("head_lock");
        return underFault("head-lock", store, "HL", () -> {
            try (Connection holder = DriverManager.getConnection(store.url(), store.user(), store.password())) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
                }
                Thread.sleep(10_000);
                holder.rollback();
            }
        }, "chain head locked for 10 s");
    }

    private ScenarioReport pgRestart() throws Exception {
        return underFault("pg-restart", pg("pg_restart"), "PR", () -> {
            Process p = new ProcessBuilder("bash", "-c", pgRestart).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the restart command failed: " + pgRestart);
            }
        }, "stopped hard, started again: " + pgRestart);
    }

    /** A fault that runs in its own thread and returns when it is over. */
    @FunctionalInterface
    private interface Fault {
        void run() throws Exception;
    }

    /**
     * One service under load; once a quarter of the applications were answered the fault runs;
     * readiness is timed from the moment the fault is over.
     */
    private ScenarioReport underFault(String name, Store store, String prefix, Fault fault, String note) throws Exception {
        List<Workload.Application> apps = Workload.german(prefix, applications);
        try (ServiceProcess service = startService(store, name);
             ReadinessWatch watch = ReadinessWatch.start(service::client)) {
            RetryingSender sender = new RetryingSender(service::client, clients, deadline);
            AtomicReference<Long> over = new AtomicReference<>();
            Thread faulting = new Thread(() -> {
                try {
                    awaitProgress(sender, apps.size() / 4);
                    fault.run();
                    over.set(System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            faulting.start();
            RetryingSender.Result result = sender.send(apps);
            faulting.join();
            long ready = over.get() == null ? -1 : watch.upAgainAfterMs(over.get(), 30_000);
            service.terminate(Duration.ofSeconds(30));
            return report(name, apps, result, store, ready, note);
        }
    }

    private ScenarioReport twoInstances() throws Exception {
        Store store = pg("two_instances");
        List<Workload.Application> apps = Workload.german("TI", applications);
        try (ServiceProcess a = startService(store, "two-instances-a");
             ServiceProcess b = startService(store, "two-instances-b")) {
            AtomicInteger turn = new AtomicInteger();
            RetryingSender one = new RetryingSender(() -> turn.incrementAndGet() % 2 == 0 ? a.client() : b.client(),
                    clients / 2, deadline);
            RetryingSender two = new RetryingSender(() -> turn.incrementAndGet() % 2 == 0 ? b.client() : a.client(),
                    clients / 2, deadline);
            RetryingSender.Result[] second = new RetryingSender.Result[1];
            Thread other = new Thread(() -> {
                try {
                    second[0] = two.send(apps);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            RetryingSender.Result first = one.send(apps);
            other.join();
            a.terminate(Duration.ofSeconds(30));
            b.terminate(Duration.ofSeconds(30));
            boolean same = first.decisionIds().equals(second[0].decisionIds());
            return report("two-instances", apps, first, store, -1, "every application sent to both"
                    + (same ? ", same decision ids" : ", DIFFERENT decision ids"));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** An audit store for one scenario. */
    private record Store(String url, String user, String password, boolean h2) {
        Map<String, String> settings() {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("credence.audit.db", url);
            s.put("credence.audit.user", user);
            // Handed to the child through its -D options; a harness on loopback with a test password.
            s.put("credence.audit.password", password);
            return s;
        }
    }

    private Store h2(String name) throws IOException {
        Path dir = work.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return new Store("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), "sa", "", true);
    }

    private Store pg(String name) throws SQLException {
        String password = System.getenv(pgPasswordEnv) == null ? "credence" : System.getenv(pgPasswordEnv);
        String schema = "chaos_" + name + "_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new Store(pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, pgUser, password, false);
    }

    private ServiceProcess startService(Store store, String name) throws Exception {
        return ServiceProcess.start(ServiceProcess.serviceJar(), store.settings(), work.resolve(name + ".log"))
                .awaitReady(Duration.ofSeconds(120));
    }

    private static void awaitProgress(RetryingSender sender, int answers) throws InterruptedException {
        while (sender.answeredSoFar() < answers) {
            Thread.sleep(10);
        }
    }

    private ScenarioReport report(String name, List<Workload.Application> apps, RetryingSender.Result result, Store store,
                                  long readyAgainMs, String note) throws SQLException {
        AuditCount audit = AuditCount.of(store.url(), store.user(), store.password());
        long lost = apps.stream().filter(a -> audit.perApplication().getOrDefault(a.id(), 0) == 0).count()
                + result.unanswered();
        return new ScenarioReport(name, apps.size(), result.answered(), audit.records(), audit.duplicates(), lost,
                result.longestOutageMs(), result.statuses().keySet().stream().anyMatch(s -> s >= 500)
                ? result.slowest5xxMs() : -1, readyAgainMs, audit.chain().intact(), note);
    }
}
