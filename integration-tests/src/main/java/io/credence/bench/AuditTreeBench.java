package io.credence.bench;

import io.credence.bench.AuditAppendBench.Store;
import io.credence.rules.audit.AuditStoreReader;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.proof.ConsistencyProof;
import io.credence.rules.audit.proof.Hash;
import io.credence.rules.audit.proof.InMemoryTreeNodes;
import io.credence.rules.audit.proof.InclusionProof;
import io.credence.rules.audit.proof.JdbcTreeNodes;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.TreeAudit;
import io.credence.rules.audit.proof.TreeNode;
import io.credence.rules.audit.proof.TreeNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmarks of the audit log's Merkle tree (docs/benchmarks.md, "Audit tree"):
 *
 * <ul>
 *   <li>{@code appends}: appends/s with the tree ({@link AuditAppendBench}; the same class, run on
 *       a checkout without the tree, gives the baseline);</li>
 *   <li>{@code proofs}: inclusion and consistency proofs at 1,000,000 leaves over the store's tree
 *       ({@link JdbcTreeNodes#pooled}, H2 and PostgreSQL) and over {@link InMemoryTreeNodes};</li>
 *   <li>{@code verify}: the chain walk ({@link JdbcAuditLog#verify()}) and the tree audit
 *       ({@link AuditStoreReader#treeAudit}, {@link TreeAudit}) per 100,000 records.</li>
 * </ul>
 *
 * <pre>
 * mvn -B -o -Ptreebench verify -pl integration-tests -am -DskipTests -Dtreebench.args="proofs --store h2,postgresql,memory"
 * </pre>
 */
@Command(name = "audit-tree-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the audit log's Merkle tree: appends, proofs, verify.",
        subcommands = {AuditTreeBench.Proofs.class, AuditTreeBench.Verify.class})
public final class AuditTreeBench implements Runnable {

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new AuditTreeBench()).addSubcommand("appends", new AuditAppendBench());
        System.exit(cl.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Shared options of the store-backed modes. */
    static class StoreOptions {
        @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:55432/credence_bench",
                description = "PostgreSQL database, without currentSchema (default: ${DEFAULT-VALUE}).")
        String pgUrl;

        @Option(names = "--pg-user", defaultValue = "credence")
        String pgUser;

        @Option(names = "--pg-password", defaultValue = "credence")
        String pgPassword;
    }

    // ------------------------------------------------------------------------------------ proofs

    @Command(name = "proofs", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Inclusion and consistency proofs for random leaves of a tree of --leaves leaves.")
    static final class Proofs implements Callable<Integer> {

        @Option(names = "--store", defaultValue = "h2,postgresql,memory", split = ",",
                description = "Tree stores: h2, postgresql, memory (default: ${DEFAULT-VALUE}).")
        List<String> stores;

        @Option(names = "--leaves", defaultValue = "1000000", description = "Tree size (default: ${DEFAULT-VALUE}).")
        long leaves;

        @Option(names = "--samples", defaultValue = "5000",
                description = "Timed proofs of each kind (default: ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--warmup", defaultValue = "5000",
                description = "Untimed proofs of each kind first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--keep", description = "Keep the built H2 file / PostgreSQL schema and reuse it next time"
                + " (H2: ${java.io.tmpdir}/credence-treebench-proofs-N; PostgreSQL: schema bench_proofs_N).")
        boolean keep;

        @CommandLine.Mixin
        StoreOptions db = new StoreOptions();

        @Override
        public Integer call() throws Exception {
            for (String kind : stores) {
                switch (kind) {
                    case "memory" -> {
                        InMemoryTreeNodes nodes = new InMemoryTreeNodes();
                        long t0 = System.nanoTime();
                        build(new MerkleTree(nodes), leaves, seed);
                        System.out.printf(Locale.ROOT, "# built the in-memory tree of %,d leaves in %.1f s%n", leaves,
                                (System.nanoTime() - t0) / 1e9);
                        measure("memory", nodes);
                    }
                    case "h2", "postgresql" -> jdbc(kind);
                    default -> throw new IllegalArgumentException("--store: h2, postgresql or memory, was " + kind);
                }
            }
            return 0;
        }

        private void jdbc(String kind) throws Exception {
            String url;
            String user;
            String password;
            Path h2Dir = null;
            if (kind.equals("h2")) {
                h2Dir = Path.of(System.getProperty("java.io.tmpdir"), "credence-treebench-proofs-" + leaves);
                if (!keep) {
                    h2Dir = Files.createTempDirectory("credence-treebench-proofs-");
                }
                Files.createDirectories(h2Dir);
                url = "jdbc:h2:file:" + h2Dir.resolve("audit").toAbsolutePath();
                user = "sa";
                password = "";
            } else {
                String schema = "bench_proofs_" + (keep ? Long.toString(leaves) : Long.toString(System.nanoTime() & 0xffffffL, 36));
                try (Connection c = DriverManager.getConnection(db.pgUrl, db.pgUser, db.pgPassword);
                     Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                url = Store.withSchema(db.pgUrl, schema);
                user = db.pgUser;
                password = db.pgPassword;
            }
            AuditStoreSettings settings = AuditStoreSettings.of(url, user, password);
            try {
                // The schema as the service has it (Flyway, V4: audit_tree), then the tree's nodes
                // written straight into audit_tree by MerkleTree over JdbcTreeNodes (no audit records).
                JdbcAuditLog.open(settings).close();
                String buildUrl = kind.equals("postgresql") ? url + "&reWriteBatchedInserts=true" : url;
                try (Connection c = DriverManager.getConnection(buildUrl, user, password)) {
                    c.setAutoCommit(false);
                    MerkleTree tree = new MerkleTree(JdbcTreeNodes.over(c));
                    long have = tree.size();
                    if (have != 0 && have != leaves) {
                        throw new IllegalStateException(kind + " store at " + url + " holds a tree of " + have
                                + " leaves, not " + leaves + ": remove it");
                    }
                    if (have == 0) {
                        long t0 = System.nanoTime();
                        build(tree, leaves, seed, c);
                        System.out.printf(Locale.ROOT, "# built the %s tree of %,d leaves in audit_tree in %.1f s%n", kind,
                                leaves, (System.nanoTime() - t0) / 1e9);
                    } else {
                        System.out.printf(Locale.ROOT, "# reusing the %s tree of %,d leaves at %s%n", kind, have, url);
                    }
                    if (kind.equals("postgresql")) {
                        try (Statement s = c.createStatement()) {
                            s.execute("ANALYZE audit_tree");
                        }
                        c.commit();
                    }
                }
                // Proofs as the service answers them: JdbcAuditLog.tree() is JdbcTreeNodes.pooled over
                // the log's Hikari pool (each node read borrows a connection).
                try (JdbcAuditLog log = JdbcAuditLog.open(settings)) {
                    measure(kind, JdbcTreeNodes.pooled(log.pool()));
                }
            } finally {
                if (!keep) {
                    if (h2Dir != null) {
                        TempTrees.delete(h2Dir);
                    } else {
                        try (Connection c = DriverManager.getConnection(db.pgUrl, db.pgUser, db.pgPassword);
                             Statement s = c.createStatement()) {
                            s.execute("DROP SCHEMA " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
                        }
                    }
                }
            }
        }

        /** Appends {@code leaves} random 32-byte "record hashes" in chunks, one transaction each. */
        static void build(MerkleTree tree, long leaves, long seed) {
            build(tree, leaves, seed, null);
        }

        static void build(MerkleTree tree, long leaves, long seed, Connection commitEach) {
            SplittableRandom random = new SplittableRandom(seed);
            int chunk = 16_384;
            for (long done = 0; done < leaves; ) {
                int n = (int) Math.min(chunk, leaves - done);
                List<byte[]> data = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] b = new byte[32];
                    random.nextBytes(b);
                    data.add(b);
                }
                tree.appendAll(data);
                if (commitEach != null) {
                    try {
                        commitEach.commit();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                done += n;
            }
        }

        private void measure(String kind, TreeNodes store) {
            CountingNodes counting = new CountingNodes(store);
            MerkleTree tree = new MerkleTree(counting);
            long n = tree.size();
            if (n != leaves) {
                throw new IllegalStateException(kind + ": the tree holds " + n + " leaves, expected " + leaves);
            }
            Hash root = tree.root(n);
            SplittableRandom random = new SplittableRandom(seed + 1);
            // Correctness first: a few proofs checked against the root (untimed).
            for (int i = 0; i < 100; i++) {
                long leaf = random.nextLong(n);
                if (!tree.inclusionProof(leaf, n).verify(tree.leafHash(leaf), root).valid()) {
                    throw new IllegalStateException(kind + ": inclusion proof of leaf " + leaf + " does not verify");
                }
                long m = 1 + random.nextLong(n - 1);
                if (!tree.consistencyProof(m, n).verify(tree.root(m), root).valid()) {
                    throw new IllegalStateException(kind + ": consistency proof " + m + " -> " + n + " does not verify");
                }
            }
            String load = AuditAppendBench.loadAverage();
            report(kind, "inclusionProof(i, n)", counting, i -> {
                InclusionProof p = tree.inclusionProof(i, n);
                return p.path().size();
            }, n, random, 0);
            report(kind, "consistencyProof(m, n)", counting, m -> {
                ConsistencyProof p = tree.consistencyProof(m, n);
                return p.path().size();
            }, n - 1, random, 1);
            System.out.printf(Locale.ROOT, "# %s: load %s -> %s%n", kind, load, AuditAppendBench.loadAverage());
        }

        private void report(String kind, String what, CountingNodes counting, LongFunction<Integer> proof, long bound,
                            SplittableRandom random, long offset) {
            for (int i = 0; i < warmup; i++) {
                proof.apply(offset + random.nextLong(bound));
            }
            long[] nanos = new long[samples];
            long reads0 = counting.reads.sum();
            long nodes0 = counting.nodesRead.sum();
            long hashes = 0;
            for (int i = 0; i < samples; i++) {
                long arg = offset + random.nextLong(bound);
                long t0 = System.nanoTime();
                hashes += proof.apply(arg);
                nanos[i] = System.nanoTime() - t0;
            }
            double reads = (double) (counting.reads.sum() - reads0) / samples;
            double nodesRead = (double) (counting.nodesRead.sum() - nodes0) / samples;
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
            System.out.printf(Locale.ROOT, "proofs %s | %s | n=%,d | %d samples | mean %.4f ms | p50 %.4f ms | p99 %.4f ms"
                            + " | max %.3f ms | %.1f hashes/proof | %.1f nodes read/proof | %.1f store reads (queries)/proof%n",
                    kind, what, leaves, samples, mean, pct(nanos, 0.50) / 1e6, pct(nanos, 0.99) / 1e6,
                    nanos[nanos.length - 1] / 1e6, (double) hashes / samples, nodesRead, reads);
        }
    }

    /**
     * Counts the store reads a proof makes: size queries, single node reads and {@link TreeNodes#find}
     * calls (one query each on JDBC). Overrides {@code find} so the store's own one-query read is used.
     */
    static final class CountingNodes implements TreeNodes {
        private final TreeNodes delegate;
        final LongAdder reads = new LongAdder();
        final LongAdder nodesRead = new LongAdder();

        CountingNodes(TreeNodes delegate) {
            this.delegate = delegate;
        }

        @Override
        public long size() {
            reads.increment();
            return delegate.size();
        }

        @Override
        public Hash node(int level, long index) {
            reads.increment();
            nodesRead.increment();
            return delegate.node(level, index);
        }

        @Override
        public List<Hash> find(List<Address> addresses) {
            reads.increment();
            nodesRead.add(addresses.size());
            return delegate.find(addresses);
        }

        @Override
        public void write(List<TreeNode> nodes) {
            delegate.write(nodes);
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ------------------------------------------------------------------------------------ verify

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Chain walk and tree audit of a store of --records records, timed per 100,000 records.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--store", defaultValue = "h2,postgresql", split = ",",
                description = "h2, postgresql (default: ${DEFAULT-VALUE}).")
        List<String> stores;

        @Option(names = "--records", defaultValue = "100000", description = "Records in the store (default: ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--threads", defaultValue = "16", description = "Threads appending the records (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--runs", defaultValue = "3", description = "Timed runs of each check, after one untimed (default: ${DEFAULT-VALUE}).")
        int runs;

        @CommandLine.Mixin
        StoreOptions db = new StoreOptions();

        @Override
        public Integer call() throws Exception {
            for (String kind : stores) {
                try (Store s = Store.fresh(kind, "verify", db.pgUrl, db.pgUser, db.pgPassword)) {
                    AuditStoreSettings settings = AuditStoreSettings.of(s.url(), s.user(), s.password())
                            .withAppendTimeout(Duration.ofSeconds(120));
                    try (JdbcAuditLog log = JdbcAuditLog.open(settings)) {
                        double appendSeconds = AuditAppendBench.appendConcurrently(log, "verify-", records, threads);
                        System.out.printf(Locale.ROOT, "# %s: appended %,d records with %d threads in %.1f s (%,.0f/s),"
                                + " load %s%n", kind, records, threads, appendSeconds, records / appendSeconds,
                                AuditAppendBench.loadAverage());
                        double per = 100_000.0 / records;
                        time(kind, "JdbcAuditLog.verify() (chain walk)", per, () -> {
                            ChainVerification v = log.verify();
                            if (!v.intact() || v.recordsChecked() != records) {
                                throw new IllegalStateException("chain: " + v.summary());
                            }
                        });
                        try (AuditStoreReader reader = AuditStoreReader.open(settings)) {
                            time(kind, "AuditStoreReader.treeAudit (read hashes, rebuild, compare stored tree)", per, () -> {
                                TreeAudit.Result r = reader.treeAudit(List.of());
                                if (!r.intact() || r.records() != records) {
                                    throw new IllegalStateException("tree audit: " + r.problem());
                                }
                            });
                        }
                        List<String> hashes = new ArrayList<>(records);
                        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
                             Statement st = c.createStatement()) {
                            c.setAutoCommit(false);
                            st.setFetchSize(10_000);
                            try (ResultSet rs = st.executeQuery("SELECT record_hash FROM audit_record ORDER BY sequence")) {
                                while (rs.next()) {
                                    hashes.add(rs.getString(1));
                                }
                            }
                            c.commit();
                        }
                        MerkleTree stored = log.tree();
                        time(kind, "TreeAudit rebuild only (hashes in memory, compare stored root)", per, () -> {
                            TreeAudit.Result r = TreeAudit.check(hashes.iterator(), stored, List.of());
                            if (!r.intact()) {
                                throw new IllegalStateException("tree audit: " + r.problem());
                            }
                        });
                    }
                }
            }
            return 0;
        }

        private void time(String kind, String what, double per100k, Runnable check) {
            check.run();
            List<Double> seconds = new ArrayList<>();
            String load = AuditAppendBench.loadAverage();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                check.run();
                seconds.add((System.nanoTime() - t0) / 1e9);
            }
            double median = AuditAppendBench.median(seconds);
            System.out.printf(Locale.ROOT, "verify %s | %s | %,d records | runs %s s | median %.3f s | %.3f s per 100,000"
                            + " records | load %s -> %s%n", kind, what, records,
                    seconds.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList(), median, median * per100k,
                    load, AuditAppendBench.loadAverage());
        }
    }
}
