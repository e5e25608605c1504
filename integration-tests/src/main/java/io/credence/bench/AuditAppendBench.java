package io.credence.bench;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.decision.DecisionIds;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Append throughput of {@link JdbcAuditLog}: N appends from C threads (closed loop, so the group
 * commit forms batches) into a fresh store, for a few measured runs after an unmeasured warm-up
 * run, each run on a store of its own. It uses only the audit log's public API that existed before
 * the Merkle tree ({@code open}, {@code append}, {@code commitCount}, {@code close}), so the same
 * class compiles and runs on a checkout without the tree: that is how the "without the tree"
 * baseline of docs/benchmarks.md ("Audit tree") is measured.
 *
 * <pre>
 * java -cp ... io.credence.bench.AuditAppendBench --store h2 --records 20000 --threads 16 --runs 3
 * java -cp ... io.credence.bench.AuditAppendBench --store postgresql --pg-url jdbc:postgresql://127.0.0.1:55432/credence_bench
 * </pre>
 *
 * <p>H2: a new file database in a temporary folder per run (the service's durable settings:
 * {@code WRITE_DELAY=0} and {@code CHECKPOINT SYNC} after each group commit). PostgreSQL: a new
 * schema per run ({@code ?currentSchema=}), dropped afterwards. Every line printed also carries the
 * 1-minute load average, since the numbers depend on what else the machine runs.
 */
@Command(name = "audit-append-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Appends per second of the JDBC audit log: N appends from C threads into a fresh store.")
public final class AuditAppendBench implements Callable<Integer> {

    @Option(names = "--store", defaultValue = "h2", description = "h2 or postgresql (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--records", defaultValue = "20000", description = "Appends per run (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--threads", defaultValue = "16", description = "Appending threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup-runs", defaultValue = "1",
            description = "Unmeasured runs first, same size, each on its own store (default: ${DEFAULT-VALUE}).")
    int warmupRuns;

    @Option(names = "--warmup-records", defaultValue = "-1",
            description = "Appends per warm-up run (default: as --records).")
    int warmupRecords;

    @Option(names = "--label", defaultValue = "", description = "Printed with every result line (e.g. the commit).")
    String label;

    @Option(names = "--as-served", description = "Entries as the decision service appends them: a time-ordered decision id"
            + " (DecisionIds), a random application id (a client's, in no order) and an idempotency key (the log's keyed"
            + " hash of the input). Without it: ids numbered in order per thread and no idempotency key, as in the"
            + " earlier measurements of docs/benchmarks.md.")
    boolean asServed;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:55432/credence_bench",
            description = "PostgreSQL database (without currentSchema) (default: ${DEFAULT-VALUE}).")
    String pgUrl;

    @Option(names = "--pg-user", defaultValue = "credence")
    String pgUser;

    @Option(names = "--pg-password", defaultValue = "credence")
    String pgPassword;

    @Option(names = "--h2-settings", defaultValue = "",
            description = "Appended to the H2 URL, e.g. ';WRITE_DELAY=500' (default: none, the log's own settings).")
    String h2Settings;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditAppendBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String tree = hasTree() ? "with tree" : "without tree";
        System.out.printf(Locale.ROOT, "# appends: %s, %s, %d records, %d threads, %d warm-up + %d runs, entries %s%s%n",
                store, tree, records, threads, warmupRuns, runs, asServed ? "as served" : "numbered",
                label.isEmpty() ? "" : ", " + label);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < warmupRuns + runs; r++) {
            boolean warmup = r < warmupRuns;
            Result result = run(r, warmup && warmupRecords >= 0 ? warmupRecords : records);
            System.out.printf(Locale.ROOT, "appends %s | %s | %s run %d | %d records, %d threads | %.2f s | %,.0f appends/s"
                            + " | %d commits, %.1f records/commit | %.0f us CPU/append, of it %.0f us in the writer%s | load %s -> %s%s%n",
                    store, tree, warmup ? "warm-up" : "measured", warmup ? r + 1 : r - warmupRuns + 1, result.records, threads,
                    result.seconds, result.rate(), result.commits, (double) result.records / result.commits,
                    result.cpuSeconds * 1e6 / result.records, result.writerCpuSeconds * 1e6 / result.records,
                    result.fileBytes < 0 ? "" : String.format(Locale.ROOT, " | H2 file %,d bytes, %,.0f bytes/commit",
                            result.fileBytes, (double) result.fileBytes / Math.max(1, result.commits)),
                    result.loadBefore, result.loadAfter, label.isEmpty() ? "" : " | " + label);
            if (!warmup) {
                rates.add(result.rate());
            }
        }
        System.out.printf(Locale.ROOT, "RESULT appends store=%s tree=%s records=%d threads=%d median=%.0f runs=%s%s%n",
                store, hasTree() ? "yes" : "no", records, threads, median(rates),
                rates.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList(),
                label.isEmpty() ? "" : " label=" + label);
        return 0;
    }

    /**
     * @param cpuSeconds the whole JVM's CPU time during the run (all threads, the H2 engine's among
     *                   them; a PostgreSQL server's CPU is not counted): less disturbed by a busy
     *                   machine than the wall time
     * @param writerCpuSeconds the CPU time of the log's one writer thread (the group commit: chaining,
     *                   inserts, commit), the serial part of an append
     * @param fileBytes  the H2 file's size after the run (every page MVStore wrote, as it appends
     *                   chunks), -1 for PostgreSQL
     */
    record Result(double seconds, long commits, String loadBefore, String loadAfter, int records, double cpuSeconds,
                  double writerCpuSeconds, long fileBytes) {
        double rate() {
            return records / seconds;
        }
    }

    private Result run(int r, int records) throws Exception {
        try (Store s = Store.fresh(store, "append", pgUrl, pgUser, pgPassword)) {
            AuditStoreSettings settings = AuditStoreSettings.of(s.url() + (s.h2Dir() != null ? h2Settings : ""), s.user(), s.password())
                    .withAppendTimeout(Duration.ofSeconds(120));
            try (JdbcAuditLog log = JdbcAuditLog.open(settings)) {
                String prefix = "r" + r + "-" + System.nanoTime() + "-";
                String loadBefore = loadAverage();
                long commitsBefore = log.commitCount();
                long cpuBefore = processCpuNanos();
                long writerBefore = writerCpuNanos();
                double seconds = appendConcurrently(log, prefix, records, threads, asServed);
                double cpu = (processCpuNanos() - cpuBefore) / 1e9;
                double writerCpu = (writerCpuNanos() - writerBefore) / 1e9;
                long commits = log.commitCount() - commitsBefore;
                return new Result(seconds, commits, loadBefore, loadAverage(), records, cpu, writerCpu, s.h2FileBytes());
            }
        }
    }

    /** The CPU time of the audit log's writer thread (the group commit), 0 when there is none. */
    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WRITER_THREAD))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
                .sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Appends {@code records} entries from {@code threads} threads, each waiting for its append to
     * be durable before the next; returns the wall time in seconds from the start signal to the last
     * append's return.
     */
    static double appendConcurrently(JdbcAuditLog log, String prefix, int records, int threads) throws Exception {
        return appendConcurrently(log, prefix, records, threads, false);
    }

    /** As {@link #appendConcurrently(JdbcAuditLog, String, int, int)}, with entries as served when {@code asServed}. */
    static double appendConcurrently(JdbcAuditLog log, String prefix, int records, int threads, boolean asServed)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) records * t / threads);
            int to = (int) ((long) records * (t + 1) / threads);
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int n = from; n < to && failure.get() == null; n++) {
                        log.append(asServed ? servedEntry(log) : entry(prefix, n));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-append-" + t);
            w.start();
            workers.add(w);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("an append failed: " + failure.get(), failure.get());
        }
        return seconds;
    }

    /** The name of {@link JdbcAuditLog}'s group-commit thread. */
    private static final String WRITER_THREAD = "credence-audit-writer";

    private static final RuleBaseVersion RULE_BASE = new RuleBaseVersion("io.credence:credence-rules:0.1.0-SNAPSHOT",
            "ab".repeat(32));
    private static final Map<String, Float> FEATURES = features();
    private static final Instant DAY = Instant.parse("2026-11-30T09:15:30.123456Z");

    /** 55 encoded columns, as the bundled German credit model sees them. */
    private static Map<String, Float> features() {
        Map<String, Float> f = new LinkedHashMap<>();
        for (int i = 0; i < 55; i++) {
            f.put("feature_" + i + (i % 3 == 0 ? "=A" + (11 + i % 4) : ""), (i % 3 == 0) ? 1.0f : (i * 0.0371f) % 1);
        }
        return f;
    }

    /** A declined decision with reasons, a score, principal reasons and attributions: the size of a real record. */
    static AuditEntry entry(String prefix, int n) {
        return entry(prefix + "dec-" + n, prefix + "app-" + n, DAY.plusMillis(n), null);
    }

    /**
     * The same decision as the service appends it: a time-ordered decision id, a random application
     * id and the log's own idempotency key of the input.
     */
    static AuditEntry servedEntry(JdbcAuditLog log) {
        String applicationId = UUID.randomUUID().toString();
        AuditEntry plain = entry(DecisionIds.next().toString(), applicationId, Instant.now(), null);
        return entry(plain.decisionId(), applicationId, plain.decidedAt(), log.inputKey(plain.rawInput()));
    }

    private static AuditEntry entry(String decisionId, String applicationId, Instant decided, String inputKey) {
        ScoreSummary score = new ScoreSummary("credit-default", "1.0.0", "cd".repeat(32), "CPU", 0.361, null, FEATURES);
        Reason reason = new Reason("SCORE_DECLINE", "The predicted probability of default is above the decline cut-off.",
                Outcome.DECLINE, "score-decline");
        String raw = "{\"applicationId\":\"" + applicationId + "\",\"checkingStatus\":\"LOW\",\"durationMonths\":24,"
                + "\"creditHistory\":\"EXISTING_PAID_DULY\",\"purpose\":\"RADIO_TV\",\"creditAmount\":5951,\"savings\":\"UNDER_100\","
                + "\"employmentSince\":\"FROM_1_TO_4_YEARS\",\"installmentRate\":2,\"personalStatus\":\"A92\",\"otherDebtors\":\"NONE\","
                + "\"residenceSince\":2,\"property\":\"REAL_ESTATE\",\"age\":22,\"otherInstallmentPlans\":\"NONE\","
                + "\"housing\":\"OWN\",\"existingCredits\":1,\"job\":\"SKILLED\",\"dependents\":1,\"telephone\":\"NONE\","
                + "\"foreignWorker\":\"A201\",\"monthlyIncome\":2300,\"monthlyDebt\":410,\"delinquencies\":0}";
        return new AuditEntry(decisionId, applicationId, "rest", decided.minusMillis(3), decided, raw,
                AuditEntry.Status.DECIDED, "DECLINE", List.of(reason), List.of(score),
                Map.of("credit-default.decline", 0.35, "credit-default.refer", 0.2),
                List.of("score credit-default", "score-decline"), RULE_BASE, List.of(),
                List.of(reason, new Reason("RC01", "Status or balance of existing checking account", Outcome.DECLINE,
                        "model explanation: checkingAccount")),
                List.of(new FeatureAttribution("checkingAccount", "status of checking account", "LOW", "NONE", 0.1875),
                        new FeatureAttribution("durationMonths", "duration in months", "24", "12", 0.0625),
                        new FeatureAttribution("ageYears", "age in years", "22", "35", 0.03125)), inputKey, null);
    }

    /**
     * Whether this audit log appends to a Merkle tree: {@code JdbcAuditLog.tree()} exists since the
     * tree was wired into the group commit (the tree classes themselves are older).
     */
    static boolean hasTree() {
        try {
            JdbcAuditLog.class.getMethod("tree");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), or "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.copyOf(parts, 3));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** A fresh, empty audit store: an H2 file in a new temporary folder, or a new PostgreSQL schema; removed on close. */
    record Store(String url, String user, String password, Path h2Dir, String pgUrl, String pgSchema)
            implements AutoCloseable {

        static Store fresh(String kind, String purpose, String pgUrl, String pgUser, String pgPassword)
                throws IOException, SQLException {
            switch (kind) {
                case "h2" -> {
                    Path dir = Files.createTempDirectory("credence-treebench-" + purpose + "-");
                    return new Store("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), "sa", "", dir, null, null);
                }
                case "postgresql" -> {
                    String schema = "bench_" + purpose + "_" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
                    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
                         Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA " + schema);
                    }
                    return new Store(withSchema(pgUrl, schema), pgUser, pgPassword, null, pgUrl, schema);
                }
                default -> throw new IllegalArgumentException("--store must be h2 or postgresql, was " + kind);
            }
        }

        static String withSchema(String pgUrl, String schema) {
            return pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        @Override
        public void close() throws SQLException {
            if (h2Dir != null) {
                TempTrees.delete(h2Dir);
            } else {
                try (Connection c = DriverManager.getConnection(pgUrl, user, password);
                     Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + pgSchema + " CASCADE");
                }
            }
        }

        /** The H2 database file's size, -1 for PostgreSQL. */
        long h2FileBytes() {
            if (h2Dir == null) {
                return -1;
            }
            try (Stream<Path> paths = Files.list(h2Dir)) {
                return paths.filter(p -> p.getFileName().toString().endsWith(".mv.db")).mapToLong(p -> p.toFile().length())
                        .sum();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + h2Dir, e);
            }
        }
    }
}
