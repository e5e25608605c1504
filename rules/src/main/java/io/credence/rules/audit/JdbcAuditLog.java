package io.credence.rules.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.credence.rules.audit.ChainVerification.Problem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.credence.rules.audit.proof.JdbcCheckpoints;
import io.credence.rules.audit.proof.JdbcTreeNodes;
import io.credence.rules.audit.proof.MerkleTree;
import io.credence.rules.audit.proof.TreeStoreException;
import io.credence.rules.audit.proof.TreeSizeMismatchException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in a relational database: an embedded H2 file database by default, PostgreSQL
 * for production. The schema is created or migrated when the log is opened.
 *
 * <pre>{@code
 * try (JdbcAuditLog audit = JdbcAuditLog.open("jdbc:h2:file:./data/credence-audit", "sa", "")) {
 *     AuditRecord stored = audit.append(entry);   // durable when it returns
 *     ChainVerification check = audit.verify();
 * }
 * }</pre>
 *
 * <p><b>Group commit.</b> Appends from any number of threads go to one writer thread, which takes
 * every append waiting at that moment (up to {@value #MAX_BATCH}), chains them, writes them in one
 * transaction and commits once; each caller returns only after that commit (and, for H2, the file
 * sync) succeeded. Across processes the appends are serialised by the row lock on
 * {@code audit_chain_head}; the primary key on {@code sequence} and the unique record hash are the
 * last line of defence. If the transaction fails it is rolled back: no record of the batch exists.
 * When one entry caused it (a duplicate decision id, a value too long) the appends are retried one
 * by one so that it does not fail the others; when the store failed, every append of the batch
 * fails with {@link AuditUnavailableException}.
 */
public final class JdbcAuditLog implements AuditLog {

    /** The default store: an H2 file database under {@code ./data}. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/credence-audit";
    /** At most this many appends share one transaction. */
    static final int MAX_BATCH = 256;
    /** Records read at a time while the tree of an older store is built. */
    private static final int MAX_TREE_BUILD = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";
    private static final String SQL_STATE_SERIALIZATION = "40001";
    /** How often a batch is started over when another writer moved the chain head under it. */
    private static final int MAX_CHAIN_ATTEMPTS = 5;
    private static final String RECORD_COLUMNS = "r.sequence, r.decision_id, r.application_id, r.channel, r.received_at,"
            + " r.decided_at, r.status, r.outcome, r.model_versions, r.input_sha256, r.previous_hash, r.record_hash,"
            + " r.record_json, i.raw_input, i.erased_at";
    /** The table of personal data kept apart from format-2 records (schema version 5). */
    static final String PERSONAL_TABLE = "audit_personal";
    /** Every record column, its format-1 input and its format-2 personal data. */
    static final String RECORD_SELECT = recordSelect(true);

    /**
     * {@code SELECT … FROM audit_record r …} with the columns {@link #record} reads;
     * {@code personalTable} false for a store of schema version 4 or older (read, not migrated, by
     * {@code audit verify}): the personal-data columns are then NULL.
     */
    static String recordSelect(boolean personalTable) {
        return "SELECT " + RECORD_COLUMNS + (personalTable
                ? ", p.decision_id AS personal_id, p.data AS personal_data, p.salt AS personal_salt,"
                + " p.erased_at AS personal_erased_at"
                : ", CAST(NULL AS VARCHAR(100)) AS personal_id, CAST(NULL AS VARCHAR(1)) AS personal_data,"
                + " CAST(NULL AS CHAR(64)) AS personal_salt, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS personal_erased_at")
                + " FROM audit_record r LEFT JOIN audit_input i ON i.decision_id = r.decision_id"
                + (personalTable ? " LEFT JOIN " + PERSONAL_TABLE + " p ON p.decision_id = r.decision_id" : "");
    }

    private static final String IDEMPOTENCY_SECRET = "idempotency";
    /** An append waits at least this long, however long its application took to get here. */
    private static final Duration MIN_WAIT = Duration.ofMillis(100);

    private final String url;
    private final AuditStoreSettings settings;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Mac inputKeyMac;
    /**
     * The audit tree's right edge after the writer's last commit, so that the next one need not
     * read it; null after a failure or before the first commit. Written by the writer thread only.
     */
    private volatile MerkleTree.Edge treeEdge;
    /** System.nanoTime() when the writer began its current commit, 0 while it waits for work. */
    private volatile long commitStartedNanos;
    /** Why the last commit failed; null once one succeeded (or none failed). */
    private volatile String lastFailure;
    /** The last chain walk of this process, for the compliance page; null until one ran. */
    private volatile Verified lastVerification;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile AuditEvents events = AuditEvents.NONE;
    /** The bounds of asynchronous appends; null until the first one. */
    private volatile ScheduledThreadPoolExecutor timer;
    private boolean closed;
    /** Used by the writer thread only; null after a failure until the next batch reconnects. */
    private Connection writeConnection;

    private record Pending(AuditEntry entry, RecordDocument.Prepared prepared, CompletableFuture<AuditRecord> result,
                           long queuedNanos) {
    }

    private static final Pending STOP = new Pending(null, null, null, 0);

    private JdbcAuditLog(String url, AuditStoreSettings settings, Dialect dialect, Connection writeConnection,
                         HikariDataSource pool, Mac inputKeyMac) {
        this.url = url;
        this.settings = settings;
        this.dialect = dialect;
        this.pool = pool;
        this.inputKeyMac = inputKeyMac;
        this.writeConnection = writeConnection;
        this.writer = new Thread(this::writeLoop, "credence-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating or migrating the schema of) the audit log at a JDBC URL with the default
     * bounds: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://host:port/db}.
     *
     * @throws AuditUnavailableException when the database cannot be reached or migrated
     * @throws IllegalArgumentException  when the URL is of another database
     */
    public static JdbcAuditLog open(String jdbcUrl, String user, String password) {
        return open(AuditStoreSettings.of(jdbcUrl, user, password));
    }

    /**
     * Opens (creating or migrating the schema of) the audit log with the given bounds.
     *
     * @throws AuditUnavailableException when the database cannot be reached or migrated
     * @throws IllegalArgumentException  when the URL is of another database
     */
    public static JdbcAuditLog open(AuditStoreSettings settings) {
        Dialect dialect = Dialect.of(settings.url());
        String url = dialect == Dialect.H2 ? boundedH2Url(durableH2Url(settings.url()), settings) : settings.url();
        Connection connection = null;
        HikariDataSource pool = null;
        try {
            connection = connect(url, settings, dialect);
            String version = SchemaMigrator.migrate(connection, url, settings, dialect);
            Mac mac = inputKeyMac(connection);
            connection.setAutoCommit(false);
            long built = completeTree(connection);
            if (built > 0) {
                LOG.info("audit log at {}: built the Merkle tree for {} records written before it", settings.safeUrl(), built);
            }
            pool = pool(url, settings, dialect);
            LOG.info("audit log open at {} (schema version {}, append timeout {} ms)", settings.safeUrl(), version,
                    settings.appendTimeout().toMillis());
            return new JdbcAuditLog(url, settings, dialect, connection, pool, mac);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            if (pool != null) {
                pool.close();
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            String state = e instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
            throw new AuditUnavailableException("cannot open the audit log at " + settings.safeUrl() + ": "
                    + SafeUrl.of(e.getMessage()) + state, e);
        }
    }

    /** A connection with the store's bounds: connect, socket, statement and lock timeouts. */
    private static Connection connect(String url, AuditStoreSettings settings, Dialect dialect) throws SQLException {
        Properties props = connectionProperties(settings, dialect);
        DriverManager.setLoginTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        Connection c = DriverManager.getConnection(url, props);
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute(postgresSession(settings));
            } catch (SQLException e) {
                closeQuietly(c, e);
                throw e;
            }
        }
        return c;
    }

    private static Properties connectionProperties(AuditStoreSettings settings, Dialect dialect) {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        if (dialect == Dialect.POSTGRESQL) {
            props.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
            // A statement is cut off by the server after statement-timeout; the socket timeout is the
            // last resort for a server that stopped answering at all.
            props.setProperty("socketTimeout", Long.toString(settings.statementTimeout().toSeconds() + 5));
            props.setProperty("tcpKeepAlive", "true");
            // A group commit's records (and their personal data) go to the server as one multi-row
            // INSERT per batch instead of one INSERT per record.
            props.setProperty("reWriteBatchedInserts", "true");
        }
        return props;
    }

    /**
     * The settings of every PostgreSQL session the log opens (its writer and its read pool): the
     * statement and lock bounds, and generic plans for prepared statements. Every statement the log
     * prepares has one shape whose plan is an index look-up or an insert; left to choose, the server
     * planned the history look-up again for three quarters of the decisions under load (custom plans,
     * chosen once the table's first, empty state had made them look cheap), some 35 µs of server CPU
     * each (docs/benchmarks.md, "Issue 17, session 11").
     *
     * <p>And LZ4 for the values the server compresses, where the server has it (PostgreSQL 14 and
     * later built with LZ4; otherwise the server's default, pglz, stays): a record's JSON document
     * (about 4 kB) and its personal data (about 2.6 kB) are above the 2 kB beyond which PostgreSQL
     * compresses a row's values, and with LZ4 the server spends a fifth less CPU per append than
     * with pglz (docs/benchmarks.md, "Issue 17, session 12"). The stored values read back the same either way;
     * each value records its own method, so a store holds both kinds side by side.
     */
    static String postgresSession(AuditStoreSettings settings) {
        return "SET statement_timeout = " + settings.statementTimeout().toMillis() + "; SET lock_timeout = "
                + settings.appendTimeout().toMillis() + "; SET plan_cache_mode = force_generic_plan; " + LZ4_IF_SUPPORTED;
    }

    /** Sets the session's compression to LZ4 when the server offers it, and does nothing otherwise. */
    static final String LZ4_IF_SUPPORTED = "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_settings"
            + " WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))"
            + " THEN PERFORM set_config('default_toast_compression', 'lz4', false); END IF; END $$";

    /** H2 waits for a locked row (the chain head) at most the append timeout. */
    static String boundedH2Url(String url, AuditStoreSettings settings) {
        if (url.toLowerCase(Locale.ROOT).contains("lock_timeout")) {
            return url;
        }
        return url + ";LOCK_TIMEOUT=" + settings.appendTimeout().toMillis();
    }

    private static HikariDataSource pool(String url, AuditStoreSettings settings, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("credence-audit-read");
        config.setJdbcUrl(url);
        config.setDataSourceProperties(connectionProperties(settings, dialect));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        // A decision reads the store (its history) before it appends: a read waits for a connection at
        // most half the append timeout, so that read and append together answer, a 503 at worst,
        // within the append timeout of the request's arrival.
        config.setConnectionTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(),
                settings.appendTimeout().toMillis() / 2)));
        config.setValidationTimeout(Math.max(250, Math.min(settings.appendTimeout().toMillis(),
                settings.connectTimeout().toMillis())));
        // Start even when the store is down: the service reports it on /health/ready and recovers.
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.POSTGRESQL) {
            config.setConnectionInitSql(postgresSession(settings));
        }
        return new HikariDataSource(config);
    }

    /** The store's HMAC secret for input keys, made by the first service that opens the store. */
    private static Mac inputKeyMac(Connection c) throws SQLException {
        String secret = readSecret(c);
        if (secret == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_secret (name, secret) VALUES (?, ?)")) {
                p.setString(1, IDEMPOTENCY_SECRET);
                p.setString(2, HexFormat.of().formatHex(bytes));
                p.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (!SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // Another instance made it at the same moment: use theirs.
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
            secret = readSecret(c);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(secret), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String readSecret(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT secret FROM audit_secret WHERE name = ?")) {
            p.setString(1, IDEMPOTENCY_SECRET);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * An H2 file database commits to its file only every WRITE_DELAY ms (default 500) unless told
     * otherwise; the audit log needs every commit written at once.
     */
    static String durableH2Url(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:mem:") || lower.contains("write_delay")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    // ------------------------------------------------------------------ append (group commit)

    @Override
    public AuditRecord append(AuditEntry entry) {
        return append(entry, System.nanoTime());
    }

    @Override
    public AuditRecord append(AuditEntry entry, long receivedNanos) {
        long started = System.nanoTime();
        try {
            AuditRecord record = appendAndWait(entry, receivedNanos);
            events.appended(System.nanoTime() - started);
            return record;
        } catch (DuplicateInputException e) {
            throw e;
        } catch (RuntimeException e) {
            events.appendFailed(System.nanoTime() - started, e);
            throw e;
        }
    }

    /** Where appends and commits are reported ({@link AuditEvents#NONE} by default); returns this log. */
    public JdbcAuditLog events(AuditEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    /**
     * The group commit without a waiting thread: the record is prepared here and queued; the
     * future completes on the writer thread when its batch commits, or, when that has not happened
     * within the bound, on this log's timer thread with the same {@link AuditUnavailableException}
     * as {@link #append(AuditEntry, long)} (withdrawn when the writer had not taken it yet).
     */
    @Override
    public CompletableFuture<AuditRecord> appendAsync(AuditEntry entry, long receivedNanos) {
        long started = System.nanoTime();
        Pending pending;
        try {
            pending = enqueue(entry);
        } catch (RuntimeException e) {
            events.appendFailed(System.nanoTime() - started, e);
            return CompletableFuture.failedFuture(e);
        }
        Duration bound = settings.appendTimeout();
        ScheduledFuture<?> timeout = timer().schedule(() -> {
            if (!pending.result().isDone()) {
                boolean withdrawn = queue.remove(pending);
                pending.result().completeExceptionally(notDurable(entry, bound, withdrawn));
            }
        }, waitNanos(receivedNanos), TimeUnit.NANOSECONDS);
        return pending.result().whenComplete((record, failure) -> {
            timeout.cancel(false);
            if (failure == null) {
                events.appended(System.nanoTime() - started);
            } else if (unwrap(failure) instanceof RuntimeException e && !(e instanceof DuplicateInputException)) {
                events.appendFailed(System.nanoTime() - started, e);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The timer of {@link #appendAsync}'s bounds, started on first use. */
    private ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = timer;
        if (t == null) {
            synchronized (this) {
                t = timer;
                if (t == null) {
                    t = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread thread = new Thread(r, "credence-audit-timeouts");
                        thread.setDaemon(true);
                        return thread;
                    });
                    // A bound whose record committed in time is cancelled and dropped at once.
                    t.setRemoveOnCancelPolicy(true);
                    timer = t;
                }
            }
        }
        return t;
    }

    /** The record prepared (written and mostly hashed here, in parallel with other appends) and queued. */
    private Pending enqueue(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        // The one writer thread only chains it (sequence, previous hash).
        Pending pending = new Pending(entry, RecordDocument.prepare(entry), new CompletableFuture<>(), System.nanoTime());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new AuditUnavailableException("the audit log at " + settings.safeUrl() + " is closed; decision "
                        + entry.decisionId() + " was not audited", null);
            }
            queue.add(pending);
            accepted.incrementAndGet();
        } finally {
            lifecycle.readLock().unlock();
        }
        return pending;
    }

    /**
     * How long a caller waits: the bound counts from when the application reached the service, so
     * that the caller has its answer (a 503 at worst) within the append timeout of sending it, not of
     * its append starting.
     */
    private long waitNanos(long receivedNanos) {
        Duration left = settings.appendTimeout().minusNanos(Math.max(0, System.nanoTime() - receivedNanos));
        return (left.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : left).toNanos();
    }

    private AuditUnavailableException notDurable(AuditEntry entry, Duration bound, boolean withdrawn) {
        // Not yet taken by the writer: withdrawn, so it is never written. Taken: it may still
        // commit, and the caller's retry is answered from it (idempotency).
        return new AuditUnavailableException("the audit record of decision " + entry.decisionId()
                + " was not durable within " + bound.toMillis() + " ms" + (withdrawn ? "; nothing of it was written"
                : "; it may still be written, and a retry of the same application is answered from it"), null);
    }

    private AuditRecord appendAndWait(AuditEntry entry, long receivedNanos) {
        Pending pending = enqueue(entry);
        Duration bound = settings.appendTimeout();
        try {
            return pending.result().get(waitNanos(receivedNanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw notDurable(entry, bound, queue.remove(pending));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.remove(pending);
            throw new AuditUnavailableException("interrupted while waiting for the audit record of decision "
                    + entry.decisionId(), e);
        }
    }

    private void writeLoop() {
        boolean stop = false;
        while (!stop) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer, through STOP; an interrupt alone is ignored.
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
        }
        closeQuietly(writeConnection, null);
        writeConnection = null;
    }

    /** Writes a batch in one transaction; on failure retries its appends one by one. */
    private void write(List<Pending> batch) {
        commitStartedNanos = System.nanoTime();
        try {
            List<AuditRecord> stored = commit(batch);
            lastFailure = null;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(stored.get(i));
            }
        } catch (SQLException e) {
            boolean entryProblem = isEntryProblem(e);
            if (!entryProblem) {
                lastFailure = "the last append failed: " + SafeUrl.of(e.getMessage()) + " (SQLState " + e.getSQLState() + ")";
                // The store itself failed: start over on a fresh connection next time, and so do
                // the reads (the pool cannot tell every dead connection, e.g. of an H2 that shut down).
                closeQuietly(writeConnection, e);
                writeConnection = null;
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            if (batch.size() > 1 && entryProblem) {
                for (Pending p : batch) {
                    write(List.of(p));
                }
            } else {
                for (Pending p : batch) {
                    p.result().completeExceptionally(failure(p.entry(), e));
                }
            }
        } catch (RuntimeException e) {
            // The writer must answer every caller, or the caller waits forever; an entry that cannot
            // be serialised fails alone.
            if (batch.size() > 1) {
                for (Pending p : batch) {
                    write(List.of(p));
                }
            } else {
                batch.get(0).result().completeExceptionally(e);
            }
        } finally {
            commitStartedNanos = 0;
        }
    }

    /**
     * Commits a batch; when another instance moved the chain head between this one's lock and its
     * insert (seen as a record number taken already), starts the batch over from the new head.
     */
    private List<AuditRecord> commit(List<Pending> batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return commitOnce(batch);
            } catch (SQLException e) {
                if (!SQL_STATE_SERIALIZATION.equals(e.getSQLState()) || attempt == MAX_CHAIN_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("audit chain head moved under a batch of {}, starting it over (attempt {})", batch.size(), attempt);
            }
        }
    }

    private List<AuditRecord> commitOnce(List<Pending> batch) throws SQLException {
        Connection c = writeConnection();
        try {
            Chained chained = insertChained(c, batch, treeEdge);
            c.commit();
            // Valid while the chain head stays where this commit left it: insertChained checks.
            treeEdge = chained.treeEdge();
            commits.incrementAndGet();
            syncH2(c);
            events.committed(batch.size());
            return chained.stored();
        } catch (SQLException | RuntimeException e) {
            treeEdge = null;
            SchemaMigrator.rollbackQuietly(c, e);
            throw e;
        }
    }

    /** The records a batch became, and the tree's right edge after it. */
    private record Chained(List<AuditRecord> stored, MerkleTree.Edge treeEdge) {
    }

    /** Forces H2's file to the device (fsync) after a commit, so that it survives a power failure too. */
    private void syncH2(Connection c) throws SQLException {
        if (dialect == Dialect.H2 && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    /**
     * Chains and inserts prepared records in the caller's transaction: locks the chain head, inserts
     * the records, their personal data, raw inputs (format 1) and input keys, grows the tree and
     * moves the head. The caller commits.
     */
    private static Chained insertChained(Connection c, List<Pending> batch, MerkleTree.Edge treeEdge)
            throws SQLException {
        long sequence;
        String previous;
        // Prepared, so that PostgreSQL plans it once per connection rather than once per commit.
        try (PreparedStatement head = c.prepareStatement("SELECT last_sequence, last_hash FROM audit_chain_head"
                + " WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_chain_head has no row; the audit schema is damaged", "55000");
            }
            sequence = rs.getLong(1);
            previous = rs.getString(2);
        }
        long first = sequence;
        List<AuditRecord> stored = new ArrayList<>(batch.size());
        List<byte[]> leaves = new ArrayList<>(batch.size());
        // The unique index (application_id, input_key) refuses a second record of the identical
        // application, also one written by another instance on this store (schema version 7).
        try (PreparedStatement record = c.prepareStatement("INSERT INTO audit_record (sequence, decision_id,"
                + " application_id, channel, received_at, decided_at, status, outcome, model_versions, input_sha256,"
                + " previous_hash, record_hash, record_json, input_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement personal = c.prepareStatement(
                     "INSERT INTO " + PERSONAL_TABLE + " (decision_id, salt, data) VALUES (?, ?, ?)")) {
            boolean anyPersonal = false;
            for (Pending p : batch) {
                RecordDocument.Chained chained = p.prepared().chain(++sequence, previous);
                RecordDocument doc = chained.document();
                String hash = chained.hash();
                AuditEntry e = doc.entry();
                record.setLong(1, sequence);
                record.setString(2, e.decisionId());
                record.setString(3, e.applicationId());
                record.setString(4, e.channel());
                record.setObject(5, timestamp(e.receivedAt()));
                record.setObject(6, timestamp(e.decidedAt()));
                record.setString(7, e.status().name());
                record.setString(8, e.outcome());
                record.setString(9, RecordDocument.modelVersions(e));
                record.setString(10, doc.inputSha256());
                record.setString(11, previous);
                record.setString(12, hash);
                record.setString(13, doc.json());
                record.setString(14, p.entry().inputKey());
                record.addBatch();
                if (p.prepared().personal() != null) {
                    personal.setString(1, e.decisionId());
                    personal.setString(2, HexFormat.of().formatHex(p.prepared().salt()));
                    personal.setString(3, p.prepared().personal().json());
                    personal.addBatch();
                    anyPersonal = true;
                }
                stored.add(new AuditRecord(sequence, p.entry(), doc.inputSha256(), previous, hash, null,
                        doc.personalDataCommitment()));
                leaves.add(HexFormat.of().parseHex(hash));
                previous = hash;
            }
            try {
                record.executeBatch();
            } catch (SQLException e) {
                throw headMoved(c, first, e);
            }
            if (anyPersonal) {
                personal.executeBatch();
            }
        }
        // The tree grows in the same transaction, under the same head lock: one tree for every
        // instance on the store, its leaf i the record of sequence i + 1.
        MerkleTree.Edge edge = appendLeaves(c, first, leaves, treeEdge);
        try (PreparedStatement head = c.prepareStatement(
                "UPDATE audit_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1 AND last_sequence = ?")) {
            head.setLong(1, sequence);
            head.setString(2, previous);
            head.setLong(3, first);
            if (head.executeUpdate() != 1) {
                throw new SQLException("audit_chain_head moved while it was locked", SQL_STATE_SERIALIZATION);
            }
        }
        return new Chained(stored, edge);
    }

    /**
     * A failed insert of records: when the chain head is no longer at {@code first} (another
     * writer took these numbers), a serialization failure to start over; otherwise {@code e}.
     */
    private static SQLException headMoved(Connection c, long first, SQLException e) {
        if (!SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return e;
        }
        try {
            c.rollback();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1")) {
                if (rs.next() && rs.getLong(1) != first) {
                    c.rollback();
                    return new SQLException("audit_chain_head moved from " + first + " to " + rs.getLong(1)
                            + " under this batch", SQL_STATE_SERIALIZATION, e);
                }
            }
            c.rollback();
        } catch (SQLException check) {
            e.addSuppressed(check);
        }
        return e;
    }

    /**
     * Appends leaves for the records after {@code first}; the tree must hold exactly {@code first}
     * leaves. The size comes from the chain head (locked): no query for the tree's size. With the
     * right edge this writer's last commit left ({@code known}, used only when its size is
     * {@code first}: nobody appended since, as every append moves the head), one INSERT and no
     * read; otherwise one read of the edge (which also confirms the size) first.
     *
     * @return the tree's right edge after the append
     */
    private static MerkleTree.Edge appendLeaves(Connection c, long first, List<byte[]> leaves, MerkleTree.Edge known)
            throws SQLException {
        try {
            return new MerkleTree(JdbcTreeNodes.over(c)).appendAllAt(first, leaves, known);
        } catch (TreeSizeMismatchException e) {
            throw new SQLException("the Merkle tree holds " + e.actual() + " leaves but the chain " + first
                    + " records; the audit store is damaged", "55000", e);
        } catch (TreeStoreException e) {
            if (known != null && e.getCause() instanceof SQLException sql
                    && SQL_STATE_UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // Unread, the tree turned out to hold leaf `first` already: more leaves than the chain.
                throw new SQLException("the Merkle tree holds more leaves than the chain's " + first
                        + " records; the audit store is damaged", "55000", e);
            }
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), "55000", e);
        }
    }

    /**
     * Builds the tree for records written before it existed (a store of schema version 3 or
     * older): under the chain head's lock, the leaves of the records the tree does not hold yet.
     *
     * @return the leaves added
     */
    private static long completeTree(Connection c) throws SQLException {
        try {
            long head;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) {
                    throw new SQLException("audit_chain_head has no row; the audit schema is damaged", "55000");
                }
                head = rs.getLong(1);
            }
            MerkleTree tree = new MerkleTree(JdbcTreeNodes.over(c));
            long size = tree.size();
            long added = 0;
            while (size < head) {
                List<byte[]> leaves = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT sequence, record_hash FROM audit_record"
                        + " WHERE sequence > ? ORDER BY sequence LIMIT " + MAX_TREE_BUILD)) {
                    p.setLong(1, size);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getLong(1) != size + leaves.size() + 1) {
                                throw new SQLException("audit record " + (size + leaves.size() + 1) + " is missing;"
                                        + " the tree cannot be built (run audit verify)", "55000");
                            }
                            leaves.add(HexFormat.of().parseHex(rs.getString(2)));
                        }
                    }
                }
                if (leaves.isEmpty()) {
                    throw new SQLException("audit_chain_head names " + head + " records but audit_record holds "
                            + size + "; the tree cannot be built (run audit verify)", "55000");
                }
                tree.appendAll(leaves);
                size += leaves.size();
                added += leaves.size();
            }
            if (added > 0) {
                checkAgainstLatestCheckpoint(c, tree, head);
            }
            c.commit();
            return added;
        } catch (TreeStoreException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), "55000", e);
        } catch (SQLException | RuntimeException e) {
            SchemaMigrator.rollbackQuietly(c, e);
            throw e;
        }
    }

    /**
     * A tree built again from the records (a store of schema version 5 or older: see
     * {@code V6__packed_tree.sql}) must have the root the store's latest signed checkpoint names;
     * otherwise records were changed after it was signed, and the store is not opened.
     */
    private static void checkAgainstLatestCheckpoint(Connection c, MerkleTree tree, long head) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT tree_size, root_hash FROM audit_checkpoint"
                + " WHERE tree_size <= ? ORDER BY tree_size DESC LIMIT 1")) {
            p.setLong(1, head);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                long checkpointSize = rs.getLong(1);
                String signed = rs.getString(2);
                String rebuilt = tree.root(checkpointSize).hex();
                if (!rebuilt.equalsIgnoreCase(signed)) {
                    throw new SQLException("the Merkle tree built from the records has root " + rebuilt + " at size "
                            + checkpointSize + ", but the signed checkpoint of that size names " + signed
                            + ": records were changed after it was signed; the store was not opened (run audit verify)",
                            "55000");
                }
            }
        }
    }

    /** The tree of this store, read through the pool (each read borrows a connection). */
    public MerkleTree tree() {
        return new MerkleTree(JdbcTreeNodes.pooled(pool));
    }

    private Connection writeConnection() throws SQLException {
        if (writeConnection == null) {
            Connection c = connect(url, settings, dialect);
            c.setAutoCommit(false);
            writeConnection = c;
        }
        return writeConnection;
    }

    private RuntimeException failure(AuditEntry entry, SQLException e) {
        if (SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState()) && entry.inputKey() != null) {
            String existing = history(entry.applicationId(), entry.inputKey()).sameInputDecisionId();
            if (existing != null && !existing.equals(entry.decisionId())) {
                return new DuplicateInputException(existing, "application " + entry.applicationId()
                        + " with this content is already recorded as decision " + existing, e);
            }
        }
        if (SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState()) && find(entry.decisionId()).isPresent()) {
            return new IllegalArgumentException("decision " + entry.decisionId()
                    + " is already in the audit log; every decision id is audited once", e);
        }
        if (isEntryProblem(e)) {
            // The store is fine; this entry is not (e.g. PostgreSQL refuses U+0000 in text): never an outage.
            return new AuditEntryRefusedException("the audit log at " + settings.safeUrl() + " refused the record of decision "
                    + entry.decisionId() + ": " + SafeUrl.of(e.getMessage()) + " (SQLState " + e.getSQLState()
                    + "); nothing of it was written", e.getSQLState(), e);
        }
        return new AuditUnavailableException("cannot write the audit record of decision " + entry.decisionId() + " to "
                + settings.safeUrl() + ": " + SafeUrl.of(e.getMessage()) + " (SQLState " + e.getSQLState()
                + "); nothing of it was written", e);
    }

    /**
     * Data exceptions (SQLState class 22) and constraint violations (23) come from one entry; the
     * rest of its batch may be fine. Anything else is the store's problem and fails the batch.
     */
    private static boolean isEntryProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<AuditRecord> find(String decisionId) {
        String sql = RECORD_SELECT + " WHERE r.decision_id = ?";
        try (Connection c = read(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, decisionId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("find decision " + decisionId, e);
        }
    }

    /** The record stored at a position of the chain, if any (e.g. the first bad one {@link #verify} names). */
    public Optional<AuditRecord> findBySequence(long sequence) {
        String sql = RECORD_SELECT + " WHERE r.sequence = ?";
        try (Connection c = read(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, sequence);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("find record " + sequence, e);
        }
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        StringBuilder sql = new StringBuilder(RECORD_SELECT + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND r.decided_at >= ?");
            args.add(timestamp(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND r.decided_at < ?");
            args.add(timestamp(query.to()));
        }
        if (query.outcome() != null) {
            sql.append(" AND r.outcome = ?");
            args.add(query.outcome());
        }
        if (query.status() != null) {
            sql.append(" AND r.status = ?");
            args.add(query.status().name());
        }
        if (query.modelVersion() != null) {
            sql.append(" AND r.model_versions LIKE ? ESCAPE '!'");
            args.add("%|" + query.modelVersion().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "|%");
        }
        if (query.applicationId() != null) {
            sql.append(" AND r.application_id = ?");
            args.add(query.applicationId());
        }
        sql.append(" ORDER BY r.decided_at DESC, r.sequence DESC LIMIT ?");
        args.add(query.limit());
        try (Connection c = read(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
            return records;
        } catch (SQLException e) {
            throw unavailable("search", e);
        }
    }

    /**
     * A row of {@link #recordSelect} as a record: format 1 with its raw input, format 2 with its
     * personal data put back while it is kept.
     */
    static AuditRecord record(ResultSet rs) throws SQLException {
        RecordDocument doc = RecordDocument.parse(rs.getString("record_json"));
        if (doc.format() == RecordDocument.FORMAT_1) {
            OffsetDateTime erasedAt = rs.getObject("erased_at", OffsetDateTime.class);
            return new AuditRecord(rs.getLong("sequence"), RecordDocument.withInput(doc.entry(), rs.getString("raw_input")),
                    doc.inputSha256(), doc.previousHash(), rs.getString("record_hash"),
                    erasedAt == null ? null : erasedAt.toInstant());
        }
        String data = rs.getString("personal_data");
        OffsetDateTime erasedAt = rs.getObject("personal_erased_at", OffsetDateTime.class);
        AuditEntry entry = data == null ? doc.entry() : new PersonalData(data).restore(doc.entry());
        return new AuditRecord(rs.getLong("sequence"), entry, null, doc.previousHash(), rs.getString("record_hash"),
                erasedAt == null ? null : erasedAt.toInstant(), doc.personalDataCommitment());
    }

    // ------------------------------------------------------------------ verify

    @Override
    public ChainVerification verify() {
        // Its own connection, without the statement timeout: a walk of a large store takes long.
        try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                ChainVerification result = verify(c);
                c.commit();
                lastVerification = new Verified(result, Instant.now());
                return result;
            } catch (SQLException e) {
                SchemaMigrator.rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("verify the chain", e);
        }
    }

    @Override
    public Optional<ProofState> proofState() {
        Verified verified = lastVerification;
        try {
            return Optional.of(new ProofState(tree().size(), new JdbcCheckpoints(pool).latest().orElse(null),
                    verified == null ? null : verified.result(), verified == null ? null : verified.at()));
        } catch (TreeStoreException e) {
            throw unavailable("read the proof state", e.getCause() instanceof SQLException sql ? sql
                    : new SQLException(e.getMessage(), "55000", e));
        }
    }

    private record Verified(ChainVerification result, Instant at) {
    }

    /** Walks the chain on {@code c}, only reading; the caller chooses the transaction. */
    static ChainVerification verify(Connection c) throws SQLException {
        boolean personalTable = Dialect.of(c.getMetaData().getURL()).hasTable(c, PERSONAL_TABLE);
        // Format-2 records whose personal data is erased, until an erasure record names them.
        java.util.Map<String, Long> unexplained = new java.util.LinkedHashMap<>();
        long headSequence;
        String headHash;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1")) {
            if (!rs.next()) {
                return ChainVerification.broken(0, 1, Problem.DELETED, "the chain head row is missing");
            }
            headSequence = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long expected = 1;
        long checked = 0;
        String previousHash = RecordDocument.GENESIS_HASH;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(500);
            try (ResultSet rs = s.executeQuery(recordSelect(personalTable) + " ORDER BY r.sequence")) {
                while (rs.next()) {
                    long sequence = rs.getLong("sequence");
                    String json = rs.getString("record_json");
                    String storedHash = rs.getString("record_hash");
                    if (!RecordDocument.sha256(json).equals(storedHash)) {
                        return ChainVerification.broken(checked, sequence, Problem.CHANGED,
                                "the record's content does not match its record hash");
                    }
                    RecordDocument doc;
                    try {
                        doc = RecordDocument.parse(json);
                    } catch (IllegalArgumentException e) {
                        return ChainVerification.broken(checked, sequence, Problem.CHANGED,
                                "the record's content cannot be read: " + e.getMessage());
                    }
                    if (sequence != expected && doc.sequence() == sequence && sequence > expected) {
                        return ChainVerification.broken(checked, expected, Problem.DELETED,
                                "record " + expected + " is missing: the next stored record is " + sequence);
                    }
                    if (doc.sequence() != sequence) {
                        return ChainVerification.broken(checked, sequence, Problem.REORDERED,
                                "position " + sequence + " holds the record hashed as number " + doc.sequence());
                    }
                    if (!doc.previousHash().equals(previousHash)) {
                        return ChainVerification.broken(checked, sequence, Problem.DELETED,
                                "its previous hash does not match record " + (sequence - 1)
                                        + ": the record before it was deleted or replaced");
                    }
                    String column = changedColumn(rs, doc);
                    if (column != null) {
                        return ChainVerification.broken(checked, sequence, Problem.CHANGED,
                                "column " + column + " does not match the hashed record");
                    }
                    String rawInput = rs.getString("raw_input");
                    if (rawInput != null && !RecordDocument.sha256(rawInput).equals(doc.inputSha256())) {
                        return ChainVerification.broken(checked, sequence, Problem.CHANGED,
                                "the kept raw input does not match its SHA-256 in the record");
                    }
                    String personal = personalProblem(rs, doc, unexplained);
                    if (personal != null) {
                        return ChainVerification.broken(checked, sequence, Problem.CHANGED, personal);
                    }
                    if (doc.entry().erasure() != null) {
                        doc.entry().erasure().decisionIds().forEach(unexplained::remove);
                    }
                    previousHash = storedHash;
                    expected = sequence + 1;
                    checked++;
                }
            }
        }
        if (headSequence >= expected) {
            return ChainVerification.broken(checked, expected, Problem.DELETED, "the chain head says the last record is "
                    + headSequence + " but the chain ends at " + (expected - 1));
        }
        if (headSequence == expected - 1 && !headHash.equals(previousHash)) {
            return ChainVerification.broken(checked, headSequence, Problem.CHANGED,
                    "the last record's hash does not match the chain head");
        }
        if (headSequence < expected - 1) {
            return ChainVerification.broken(checked, headSequence + 1, Problem.CHANGED,
                    "record " + (headSequence + 1) + " was added behind the chain head's back");
        }
        if (!unexplained.isEmpty()) {
            java.util.Map.Entry<String, Long> first = unexplained.entrySet().iterator().next();
            return ChainVerification.broken(first.getValue() - 1, first.getValue(), Problem.CHANGED,
                    "the personal data of decision " + first.getKey() + " was erased, but no erasure record names it");
        }
        return ChainVerification.intact(checked);
    }

    /**
     * What is wrong with a format-2 record's personal data, or null: kept data must match the
     * record's commitment, a row may be missing only for a record without personal data, and an
     * erased one is noted in {@code unexplained} until an erasure record names it.
     */
    private static String personalProblem(ResultSet rs, RecordDocument doc, java.util.Map<String, Long> unexplained)
            throws SQLException {
        if (doc.format() == RecordDocument.FORMAT_1) {
            return null;
        }
        boolean row = rs.getString("personal_id") != null;
        String commitment = doc.personalDataCommitment();
        if (commitment == null) {
            return row ? "it holds personal data, but its record commits to none" : null;
        }
        if (!row) {
            return "its personal data is missing: the row was deleted, not erased";
        }
        String data = rs.getString("personal_data");
        if (data == null) {
            unexplained.put(doc.entry().decisionId(), doc.sequence());
            return null;
        }
        String salt = rs.getString("personal_salt");
        try {
            if (salt != null && new PersonalData(data).commitment(HexFormat.of().parseHex(salt.strip())).equals(commitment)) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // A damaged salt: the data does not match, as below.
        }
        return "the kept personal data does not match the record's commitment";
    }

    /** The first searchable column that disagrees with the hashed document, or null. */
    private static String changedColumn(ResultSet rs, RecordDocument doc) throws SQLException {
        AuditEntry e = doc.entry();
        if (!Objects.equals(rs.getString("decision_id"), e.decisionId())) {
            return "decision_id";
        }
        if (!Objects.equals(rs.getString("application_id"), e.applicationId())) {
            return "application_id";
        }
        if (!Objects.equals(rs.getString("channel"), e.channel())) {
            return "channel";
        }
        if (!Objects.equals(instant(rs, "received_at"), e.receivedAt())) {
            return "received_at";
        }
        if (!Objects.equals(instant(rs, "decided_at"), e.decidedAt())) {
            return "decided_at";
        }
        if (!Objects.equals(rs.getString("status"), e.status().name())) {
            return "status";
        }
        if (!Objects.equals(rs.getString("outcome"), e.outcome())) {
            return "outcome";
        }
        if (!Objects.equals(rs.getString("model_versions"), RecordDocument.modelVersions(e))) {
            return "model_versions";
        }
        if (!Objects.equals(rs.getString("input_sha256"), doc.inputSha256())) {
            return "input_sha256";
        }
        if (!Objects.equals(rs.getString("previous_hash"), doc.previousHash())) {
            return "previous_hash";
        }
        return null;
    }

    // ------------------------------------------------------------------ erasure

    /**
     * Erases in one transaction on a connection of its own, holding the chain head's lock from the
     * start (so that erasures, and appends of every instance, are serialised with it): finds the
     * target's records, erases what each still keeps ({@link JdbcErasure}), deletes their input
     * keys, and appends the erasure record naming them. Nothing erased: nothing is appended.
     */
    @Override
    public Erasure erase(ErasureRequest request) {
        Objects.requireNonNull(request, "request");
        try (Connection c = read()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
                }
                Instant now = Instant.now();
                JdbcErasure.Result result = JdbcErasure.erase(c, request, now);
                if (result.erased().isEmpty()) {
                    c.commit();
                    LOG.info("erasure of {}: nothing left to erase ({} record(s) erased before or without personal"
                            + " data); no erasure record appended", request.target(), result.alreadyErased());
                    return new Erasure(null, List.of(), result.alreadyErased());
                }
                AuditEntry entry = AuditEntry.ofErasure(io.credence.rules.decision.DecisionIds.next().toString(),
                        result.applicationId(), request.channel(), now, request.erasedBy(),
                        new AuditEntry.Erasure(request.applicationId() != null ? AuditEntry.Erasure.APPLICATION
                                : AuditEntry.Erasure.DECISION, result.erased(), request.legalBasis()));
                AuditRecord record = insertChained(c, List.of(new Pending(entry, RecordDocument.prepare(entry), null,
                        System.nanoTime())), null).stored().get(0);
                c.commit();
                commits.incrementAndGet();
                syncH2(c);
                LOG.info("erased the personal data of {} audit record(s) of {} (erasure record {}, by {})",
                        result.erased().size(), request.target(), entry.decisionId(), request.erasedBy());
                return new Erasure(record, result.erased(), result.alreadyErased());
            } catch (SQLException | RuntimeException e) {
                SchemaMigrator.rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable("erase the personal data of " + request.target(), e);
        }
    }

    // ------------------------------------------------------------------ idempotency

    @Override
    public String inputKey(String canonicalInput) {
        Mac mac;
        try {
            mac = (Mac) inputKeyMac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
        return HexFormat.of().formatHex(mac.doFinal(canonicalInput.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public ApplicationHistory history(String applicationId, String inputKey) {
        if (applicationId == null) {
            return ApplicationHistory.NONE;
        }
        // One statement: the record of this very input if there is one, else the application's latest
        // decision (the first DECIDED row, newest first); both through the (application_id, input_key) index.
        try (Connection c = read();
             PreparedStatement history = c.prepareStatement("SELECT decision_id, input_key, status FROM audit_record"
                     + " WHERE application_id = ? AND (input_key = ? OR status = 'DECIDED') ORDER BY sequence DESC")) {
            history.setString(1, applicationId);
            history.setString(2, inputKey);
            String latest = null;
            try (ResultSet rs = history.executeQuery()) {
                while (rs.next()) {
                    if (inputKey != null && inputKey.equals(rs.getString(2))) {
                        return new ApplicationHistory(rs.getString(1), null);
                    }
                    if (latest == null && "DECIDED".equals(rs.getString(3))) {
                        latest = rs.getString(1);
                    }
                }
            }
            return new ApplicationHistory(null, latest);
        } catch (SQLException e) {
            throw unavailable("read the history of application " + applicationId, e);
        }
    }

    // ------------------------------------------------------------------ health

    @Override
    public AuditHealth health() {
        Duration bound = settings.appendTimeout();
        long started = commitStartedNanos;
        if (started != 0 && System.nanoTime() - started > bound.toNanos()) {
            return AuditHealth.down("an append has waited " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                    + " ms for the store (bound " + bound.toMillis() + " ms)");
        }
        Pending oldest = queue.peek();
        if (oldest != null && oldest != STOP && System.nanoTime() - oldest.queuedNanos() > bound.toNanos()) {
            return AuditHealth.down("appends are queued for more than " + bound.toMillis() + " ms");
        }
        String failure = lastFailure;
        try (Connection c = read()) {
            int seconds = (int) Math.max(1, bound.toSeconds());
            if (failure == null) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(seconds);
                    try (ResultSet rs = s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1")) {
                        rs.next();
                        return AuditHealth.up("the audit store answers; " + rs.getLong(1) + " records");
                    }
                }
            }
            // The last append failed: up again only when the chain head can be locked within the bound.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                s.executeQuery("SELECT last_sequence FROM audit_chain_head WHERE id = 1 FOR UPDATE").close();
                c.rollback();
                lastFailure = null;
                return AuditHealth.up("the audit store answers again after: " + failure);
            } catch (SQLException e) {
                SchemaMigrator.rollbackQuietly(c, e);
                return AuditHealth.down(failure + "; the chain head still cannot be locked: " + SafeUrl.of(e.getMessage()));
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return AuditHealth.down("the audit store does not answer: " + SafeUrl.of(e.getMessage())
                    + (failure == null ? "" : "; " + failure));
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Waits for every append already accepted, then closes the store. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            lifecycle.writeLock().unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        pool.close();
        ScheduledThreadPoolExecutor t = timer;
        if (t != null) {
            // Every append was answered by the writer before it stopped: no bound is left to watch.
            t.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transactions committed by this log so far; fewer than appends when appends shared commits. */
    public long commitCount() {
        return commits.get();
    }

    /** Appends handed to the writer so far (committed, failed or still waiting). */
    long acceptedAppends() {
        return accepted.get();
    }

    @Override
    public String toString() {
        return "JdbcAuditLog[" + settings.safeUrl() + "]";
    }

    /**
     * The pool of this store's read connections (auto-commit, with the store's timeouts), for the
     * store's other tables: the access log ({@code io.credence.rules.security.access.JdbcAccessLog}).
     */
    public javax.sql.DataSource pool() {
        return pool;
    }

    private Connection read() throws SQLException {
        return pool.getConnection();
    }

    private AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException("cannot " + what + " in the audit log at " + settings.safeUrl() + ": "
                + SafeUrl.of(e.getMessage())
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.warn("closing an audit connection failed: {}", e.getMessage());
            }
        }
    }
}
