package io.credence.load;

import io.credence.bench.TempTrees;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.security.Role;
import io.credence.rules.security.apikey.ApiKey;
import io.credence.rules.security.apikey.ApiKeyFile;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HTTP load harness of the decision service: N client threads post loan applications over
 * loopback HTTP/1.1 (keep-alive) for a bounded time or count, then the harness reports decisions/s,
 * latency percentiles and errors, and checks that the audit log holds exactly one record per
 * request and that its hash chain is intact.
 *
 * <pre>
 * mvn -B -q -Pload verify -pl integration-tests -am -DskipTests -Dload.args="--threads 16,64 --duration 30"
 * mvn -B -q -Pload verify -pl integration-tests -am -DskipTests -Dload.args="--threads 16,64 --duration 30
 *     --audit-db jdbc:postgresql://127.0.0.1:55432/credence --audit-user credence --audit-password credence
 *     --audit-schema credence_load"
 * </pre>
 *
 * <p>By default the service runs in this JVM ({@link ServiceRuntime}, as {@code serve} starts it)
 * with the bundled model and an H2 audit store in a new temporary folder; {@code --url} targets a
 * service that runs elsewhere (the audit check then needs {@code --audit-db} of a store this
 * process can open while the service runs: PostgreSQL, or H2 with {@code ;AUTO_SERVER=TRUE}).
 * Client and server share the machine's cores: the numbers are for the pair, not the server alone.
 * This is a harness, not a test: results go to docs/benchmarks.md with the command.
 */
@Command(name = "load-harness", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Posts loan applications to the decision service over HTTP with N client threads and reports"
                + " decisions/s, latency percentiles, errors and the audit log check.")
public final class LoadHarness implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "16", split = ",", paramLabel = "N[,N...]",
            description = "Client threads; several counts (e.g. 16,64) run one after the other, each against a freshly"
                    + " started service (default: ${DEFAULT-VALUE}).")
    List<Integer> threadCounts;

    int threads;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
            description = "Measured time in seconds (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--requests", defaultValue = "0", paramLabel = "N",
            description = "Stop the measured phase after N requests; 0 = only the duration bounds it (default).")
    long maxRequests;

    @Option(names = "--warmup", defaultValue = "30", paramLabel = "SECONDS",
            description = "Unmeasured warm-up in seconds before each measured phase; on 2 cores the JIT needs about"
                    + " half a minute of load before the numbers settle (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--url", paramLabel = "URL",
            description = "Base URL of a running service (e.g. http://127.0.0.1:8080); default: start one in this JVM.")
    URI url;

    @Option(names = "--client", defaultValue = "plain", paramLabel = "plain|jdk",
            description = "HTTP client: plain (one keep-alive socket per client thread, light on CPU) or jdk"
                    + " (java.net.http.HttpClient); default: ${DEFAULT-VALUE}.")
    String clientKind;

    @Option(names = "--audit-db", paramLabel = "JDBC_URL",
            description = "Audit store; default: a new H2 file database in a temporary folder.")
    String auditDb;

    @Option(names = "--audit-user", defaultValue = "sa", paramLabel = "USER", description = "Audit store user (default: ${DEFAULT-VALUE}).")
    String auditUser;

    @Option(names = "--audit-password", defaultValue = "", paramLabel = "PASSWORD", description = "Audit store password.")
    String auditPassword;

    @Option(names = "--audit-schema", paramLabel = "NAME",
            description = "PostgreSQL only: use this schema of the audit database (created when missing).")
    String auditSchema;

    @Option(names = "--server-process", paramLabel = "NAME",
            description = "Also count, in the CPU per request, the processes of this name on this machine (Linux:"
                    + " /proc/<pid>/comm), e.g. postgres for a PostgreSQL audit store on the same cores.")
    String serverProcess;

    @Option(names = "--models", paramLabel = "DIR", description = "Model packages folder; default: the bundled model.")
    Path models;

    @Option(names = "--trusted-keys", paramLabel = "DIR",
            description = "Folder of *.pub keys whose signed model packages serve, besides the release key.")
    Path trustedKeys;

    @Option(names = "--execution-provider", defaultValue = "cpu", paramLabel = "auto|cpu|cuda[:id]",
            description = "ONNX Runtime execution provider of the in-process service (default: ${DEFAULT-VALUE}).")
    String executionProvider;

    @Option(names = "--access-control", defaultValue = "api-key", paramLabel = "api-key|off",
            description = "api-key (default): the in-process service requires an API key (role decide) and every request"
                    + " sends it, as issue 17's final decision path asks; off: no access control. With --url, the key is"
                    + " read from the environment variable " + API_KEY_ENV + " (never the command line) when it is set.")
    String accessControl;

    @Option(names = "--signing-key", defaultValue = "on", paramLabel = "on|off",
            description = "on (default): the in-process service signs audit checkpoints with a key made for the run"
                    + " (inclusion proofs on; the tree and receipts are kept either way); off: no signing key.")
    String signingKey;

    @Option(names = "--baseline",
            description = "After each measured run, measure a trivial handler on the same server stack, access control"
                    + " and client (POST " + BASELINE_PATH + " answers a constant body, read from a YAML route as an"
                    + " integrator's route is) for the same time, and print its row and the ratio: how much of the"
                    + " machine the decision path leaves to HTTP. In-process service only.")
    boolean baseline;

    @Option(names = "--keep-store",
            description = "Keep the in-process service's H2 audit store (a temporary folder) after the run and print"
                    + " where it is. By default it is deleted once the audit check has run: under load H2's file grows"
                    + " by tens of kB per record, several GB per run.")
    boolean keepStore;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "German Credit CSV the applications are built from; default: the committed training file.")
    Path data;

    /** The environment variable an external service's API key is read from (with {@code --url}). */
    static final String API_KEY_ENV = "CREDENCE_LOAD_API_KEY";
    /** The baseline route's path. */
    static final String BASELINE_PATH = "/load/baseline";
    /** The baseline route: the body is read (as the decision route reads it) and a constant one answered. */
    static final String BASELINE_ROUTE = """
            - route:
                id: load-baseline
                from:
                  uri: platform-http:%s?httpMethodRestrict=POST
                  steps:
                    - convertBodyTo:
                        type: String
                    - setHeader:
                        name: Content-Type
                        constant: application/json
                    - setBody:
                        constant: '{"decision":"BASELINE"}'
            """.formatted(BASELINE_PATH);

    /** The API key the clients send (null: none). */
    private String bearer;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadHarness()).execute(args));
    }

    /** One client thread's tally. */
    static final class Tally {
        long[] latencies = new long[4096];
        int n;
        long audited;
        long errors;
        final Map<String, Long> statuses = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        String firstError;
        /** The client thread's own CPU time when it finished (its thread ends before the phase's CPU snapshot). */
        long cpuNanos;

        void add(long nanos) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = nanos;
        }
    }

    /** What one phase (warm-up or measured) did. */
    record Phase(long requests, long audited, long errors, double seconds, long[] sortedLatencies,
                 Map<String, Long> statuses, Map<String, Long> outcomes, String firstError, long clientCpuNanos) {
    }

    @Override
    public Integer call() throws Exception {
        if (threadCounts.stream().anyMatch(n -> n < 1) || durationSeconds < 1 || warmupSeconds < 0 || maxRequests < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--threads and --duration must be >= 1, --warmup and --requests >= 0");
        }
        if (!accessControl.equals("api-key") && !accessControl.equals("off")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--access-control must be api-key or off, was "
                    + accessControl);
        }
        if (!signingKey.equals("on") && !signingKey.equals("off")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--signing-key must be on or off, was " + signingKey);
        }
        if (baseline && url != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--baseline needs the in-process service (no --url)");
        }
        if (!clientKind.equals("plain") && !clientKind.equals("jdk")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--client must be plain or jdk, was " + clientKind);
        }
        Path csv = data != null ? data : GermanApplications.committedCsv();
        List<String> templates = templates(GermanApplications.read(csv));
        Path tmp = null;
        String audit = auditDb;
        if (audit == null && url == null) {
            tmp = Files.createTempDirectory("credence-load");
            audit = "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
        }
        if (audit != null && auditSchema != null) {
            audit = withSchema(audit, auditSchema);
        }
        List<String> rows = new ArrayList<>();
        int exit = 0;
        for (int count : threadCounts) {
            threads = count;
            exit = Math.max(exit, runOnce(templates, audit, rows));
        }
        System.out.println();
        System.out.println("| client threads | decisions/s | p50 ms | p90 ms | p99 ms | max ms | errors | audit |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
        rows.forEach(System.out::println);
        if (tmp != null && keepStore) {
            System.out.println("(H2 audit store left in " + tmp + ")");
        } else if (tmp != null) {
            TempTrees.delete(tmp);
            System.out.println("(H2 audit store in " + tmp + " deleted; --keep-store keeps it)");
        }
        return exit;
    }

    /** One measured run with {@link #threads} clients; adds its table row to {@code rows}. */
    int runOnce(List<String> templates, String audit, List<String> rows) throws Exception {
        Long before = audit == null ? null : verifiedRecords(audit, "before the run");
        if (before != null && before < 0) {
            return 2;
        }

        ServiceRuntime service = null;
        URI base = url;
        Path runDir = null;
        if (base == null) {
            int port = freePort();
            Map<String, String> settings = new HashMap<>();
            settings.put("credence.http.host", "127.0.0.1");
            settings.put("credence.http.port", Integer.toString(port));
            settings.put("credence.models.dir", models == null ? "" : models.toAbsolutePath().toString());
            settings.put("credence.models.trusted-keys", trustedKeys == null ? "" : trustedKeys.toAbsolutePath().toString());
            settings.put("credence.audit.db", audit);
            settings.put("credence.audit.user", auditUser);
            settings.put("credence.audit.password", auditPassword);
            settings.put("credence.execution-provider", executionProvider);
            runDir = Files.createTempDirectory("credence-load-run");
            if (accessControl.equals("api-key")) {
                bearer = ApiKey.newKey();
                ApiKeyFile.write(runDir.resolve("api-keys.json"), List.of(ApiKey.of("load-harness", Set.of(Role.DECIDE),
                        Instant.now(), bearer)));
                settings.put("credence.security.api-keys", runDir.resolve("api-keys.json").toString());
            }
            if (signingKey.equals("on")) {
                SigningKeys.write(SigningKeys.generate(), runDir.resolve("checkpoint.key"));
                settings.put("credence.audit.signing-key", runDir.resolve("checkpoint.key").toString());
                settings.put("credence.audit.checkpoints", Files.createDirectories(runDir.resolve("checkpoints")).toString());
            }
            Map<String, String> camel = new HashMap<>();
            if (baseline) {
                Files.writeString(runDir.resolve("baseline.yaml"), BASELINE_ROUTE);
                camel.put("camel.main.routesIncludePattern", "file:" + runDir.resolve("baseline.yaml").toAbsolutePath());
            }
            service = ServiceRuntime.start(ServiceSettings.load(settings), camel, AuditLogFactory.JDBC, List.of(), null);
            base = URI.create("http://127.0.0.1:" + port);
        } else if (accessControl.equals("api-key")) {
            bearer = System.getenv(API_KEY_ENV);
        }
        Phase warmup;
        Phase measured;
        Phase floor = null;
        String measuredCpu = null;
        String floorCpu = null;
        Instant started = Instant.now();
        long commitsBefore = service != null && service.audit() instanceof JdbcAuditLog log ? log.commitCount() : -1;
        long commitsAfter = -1;
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            DecisionClient client = new DecisionClient(base, DecisionClient.DECISIONS, bearer);
            // Ids unique to this run: a later run on the same store (the next --threads value) would
            // otherwise send identical applications under the same ids, which the service answers
            // from their records (idempotency) without a new one, and the audit count would differ.
            String run = threads + "x" + Long.toString(System.currentTimeMillis(), 36);
            warmup = run(client, templates, "W" + run, warmupSeconds, 0);
            CpuBreakdown.Snapshot cpuBefore = CpuBreakdown.take(serverProcess);
            measured = run(client, templates, "M" + run, durationSeconds, maxRequests);
            measuredCpu = CpuBreakdown.line(cpuBefore, CpuBreakdown.take(serverProcess), measured.requests(), measured.clientCpuNanos());
            if (service != null && service.audit() instanceof JdbcAuditLog log) {
                commitsAfter = log.commitCount();
            }
            if (baseline) {
                DecisionClient trivial = new DecisionClient(base, BASELINE_PATH, bearer);
                run(trivial, templates, "BW" + run, Math.min(warmupSeconds, 10), 0);
                CpuBreakdown.Snapshot floorBefore = CpuBreakdown.take(serverProcess);
                floor = run(trivial, templates, "B" + run, durationSeconds, maxRequests);
                floorCpu = CpuBreakdown.line(floorBefore, CpuBreakdown.take(serverProcess), floor.requests(), floor.clientCpuNanos());
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (runDir != null) {
                // The run's API key file and checkpoint signing key: secrets, not left behind.
                TempTrees.delete(runDir);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "Credence HTTP load: %s, %d client threads, %d s measured after %d s warm-up (%s)%n",
                service != null ? "in-process service" : base, threads, durationSeconds, warmupSeconds, started);
        System.out.printf(Locale.ROOT, "decision path: access control %s, idempotency on, audit tree and receipts on,"
                + " checkpoint signing %s%n", bearer != null ? "on (API key, role decide)" : "off",
                service == null ? "as the service is configured" : signingKey);
        System.out.printf(Locale.ROOT, "HTTP client: %s%n", clientKind.equals("plain")
                ? "plain keep-alive sockets, one per client thread" : "java.net.http.HttpClient");
        System.out.printf(Locale.ROOT, "audit store: %s%n", audit == null ? "(not checked: no --audit-db)" : audit);
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "system load average (1 min) at start %.2f, at end %.2f"
                        + " (other processes on the machine compete for its cores too)%n", loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long[] l = measured.sortedLatencies();
        double rate = measured.requests() / measured.seconds();
        System.out.printf(Locale.ROOT, "requests: %d in %.1f s = %.1f decisions/s; errors: %d; statuses %s; outcomes %s%n",
                measured.requests(), measured.seconds(), rate, measured.errors(), measured.statuses(), measured.outcomes());
        System.out.printf(Locale.ROOT, "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n", ms(pct(l, 50)), ms(pct(l, 90)),
                ms(pct(l, 99)), ms(l.length == 0 ? 0 : l[l.length - 1]));
        if (service != null) {
            System.out.println(measuredCpu);
        }
        if (measured.firstError() != null || warmup.firstError() != null) {
            System.out.println("first error: " + (warmup.firstError() != null ? warmup.firstError() : measured.firstError()));
        }
        boolean auditOk = true;
        if (audit != null) {
            long after = verifiedRecords(audit, "after the run");
            long expected = warmup.audited() + measured.audited();
            long added = after < 0 ? -1 : after - before;
            auditOk = added == expected;
            System.out.printf(Locale.ROOT, "audit: %d records added for %d requests answered with a decision id"
                            + " (%d warm-up + %d measured): %s; chain %s%n", added, expected, warmup.audited(),
                    measured.audited(), auditOk ? "one record per request" : "MISMATCH", after < 0 ? "BROKEN" : "intact");
            auditOk &= after >= 0;
            if (commitsAfter >= 0) {
                long commits = commitsAfter - commitsBefore;
                System.out.printf(Locale.ROOT, "audit group commit: %d transactions for %d records (%.1f records per commit)%n",
                        commits, expected, commits == 0 ? 0.0 : (double) expected / commits);
            }
        }
        rows.add(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %s |", threads, rate,
                ms(pct(l, 50)), ms(pct(l, 90)), ms(pct(l, 99)), ms(l.length == 0 ? 0 : l[l.length - 1]), measured.errors(),
                audit == null ? "not checked" : auditOk ? "1 record per request, chain intact" : "FAILED"));
        if (floor != null) {
            long[] b = floor.sortedLatencies();
            double floorRate = floor.requests() / floor.seconds();
            System.out.printf(Locale.ROOT, "baseline (POST %s, a constant answer, same server, access control and client):"
                            + " %.1f requests/s, p50 %.2f ms, p99 %.2f ms, errors %d; decisions/s are %.1f %% of it%n",
                    BASELINE_PATH, floorRate, ms(pct(b, 50)), ms(pct(b, 99)), floor.errors(), 100 * rate / floorRate);
            rows.add(String.format(Locale.ROOT, "| %d (baseline) | %.0f | %.1f | %.1f | %.1f | %.1f | %d | decision path at"
                            + " %.0f %% of it |", threads, floorRate, ms(pct(b, 50)), ms(pct(b, 90)), ms(pct(b, 99)),
                    ms(b.length == 0 ? 0 : b[b.length - 1]), floor.errors(), 100 * rate / floorRate));
            System.out.println("baseline " + floorCpu);
            auditOk &= floor.errors() == 0;
        }
        return auditOk && measured.errors() == 0 && warmup.errors() == 0 ? 0 : 1;
    }

    /** Application JSON per row with a placeholder id: 80 % pass the policy, the rest trip a rule. */
    static List<String> templates(List<Map<String, String>> rows) {
        PolicyProfile[] others = {PolicyProfile.HIGH_DEBT_TO_INCOME, PolicyProfile.SEVERE_DELINQUENCY,
            PolicyProfile.RECENT_DELINQUENCY, PolicyProfile.UNEMPLOYED};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PolicyProfile profile = i % 5 == 4 ? others[(i / 5) % others.length] : PolicyProfile.CLEAN;
            out.add(GermanApplications.json(PLACEHOLDER, rows.get(i), profile));
        }
        return out;
    }

    private static final String PLACEHOLDER = "LOAD-ID";

    Phase run(DecisionClient client, List<String> templates, String phase, int seconds, long limit) throws InterruptedException {
        if (seconds == 0) {
            return new Phase(0, 0, 0, 0, new long[0], Map.of(), Map.of(), null, 0);
        }
        Tally[] tallies = new Tally[threads];
        AtomicLong issued = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            Tally tally = tallies[t] = new Tally();
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try (PlainHttpConnection plain = "plain".equals(clientKind) ? new PlainHttpConnection(client.base(), client.path(), client.bearer()) : null;
                     CpuOnExit cpu = new CpuOnExit(tally)) {
                long end = window[1];
                long i = 0;
                while (System.nanoTime() < end && (limit == 0 || issued.incrementAndGet() <= limit)) {
                    String id = phase + "-" + thread + "-" + i;
                    String body = templates.get((int) ((thread * 7919L + i) % templates.size())).replace(PLACEHOLDER, id);
                    i++;
                    try {
                        DecisionClient.Reply reply = plain != null ? plain.post(body) : client.post(body);
                        tally.add(reply.nanos());
                        tally.statuses.merge(Integer.toString(reply.status()), 1L, Long::sum);
                        if (reply.decisionId() != null) {
                            tally.audited++;
                        }
                        if (reply.status() == 200) {
                            tally.outcomes.merge(outcome(reply.body()), 1L, Long::sum);
                        } else {
                            tally.errors++;
                            if (tally.firstError == null) {
                                tally.firstError = reply.status() + " " + reply.body();
                            }
                        }
                    } catch (java.io.IOException e) {
                        tally.errors++;
                        tally.statuses.merge("io-error", 1L, Long::sum);
                        if (tally.firstError == null) {
                            tally.firstError = e.toString();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                }
            }, "load-client-" + phase + "-" + t);
            workers.add(worker);
            worker.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        long total = 0;
        long audited = 0;
        long errors = 0;
        Map<String, Long> statuses = new TreeMap<>();
        Map<String, Long> outcomes = new TreeMap<>();
        String firstError = null;
        long clientCpu = 0;
        for (Tally t : tallies) {
            clientCpu += t.cpuNanos;
            total += t.n;
            audited += t.audited;
            errors += t.errors;
            t.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            t.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            firstError = firstError != null ? firstError : t.firstError;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (Tally t : tallies) {
            System.arraycopy(t.latencies, 0, all, at, t.n);
            at += t.n;
        }
        Arrays.sort(all);
        long ioErrors = statuses.getOrDefault("io-error", 0L);
        return new Phase(total + ioErrors, audited, errors, elapsed, all, statuses, outcomes, firstError, clientCpu);
    }

    /** Records, on close, the client thread's CPU time into its tally. */
    private record CpuOnExit(Tally tally) implements AutoCloseable {
        @Override
        public void close() {
            tally.cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }

    /** The decision of a 200 body, read without a full parse (the client should cost little CPU). */
    static String outcome(String body) {
        int at = body.indexOf("\"decision\":\"");
        if (at < 0) {
            return "?";
        }
        int from = at + 12;
        return body.substring(from, body.indexOf('"', from));
    }

    /** Records in the audit store with the chain verified; -1 (after printing why) when broken. */
    long verifiedRecords(String jdbcUrl, String when) {
        try (JdbcAuditLog log = JdbcAuditLog.open(jdbcUrl, auditUser, auditPassword)) {
            ChainVerification check = log.verify();
            if (!check.intact()) {
                System.out.println("audit chain " + when + ": " + check.summary());
                return -1;
            }
            return check.recordsChecked();
        }
    }

    String withSchema(String jdbcUrl, String schema) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--audit-schema needs a PostgreSQL --audit-db");
        }
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--audit-schema must be a lower-case SQL identifier, was " + schema);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, auditUser, auditPassword);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
