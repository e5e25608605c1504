package io.credence.rules.audit;

import io.credence.rules.audit.ChainVerification.Problem;
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

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
    private static final String SQL_STATE_UNIQUE_VIOLATION = "23505";
    private static final String RECORD_COLUMNS = "r.sequence, r.decision_id, r.application_id, r.channel, r.received_at,"
            + " r.decided_at, r.status, r.outcome, r.model_versions, r.input_sha256, r.previous_hash, r.record_hash,"
            + " r.record_json, i.raw_input, i.erased_at";
    private static final String RECORD_FROM = " FROM audit_record r LEFT JOIN audit_input i ON i.decision_id = r.decision_id";

    private final String url;
    private final String user;
    private final String password;
    private final Dialect dialect;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private boolean closed;
    /** Used by the writer thread only; null after a failure until the next batch reconnects. */
    private Connection writeConnection;

    private record Pending(AuditEntry entry, RecordDocument.Prepared prepared, CompletableFuture<AuditRecord> result) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private JdbcAuditLog(String url, String user, String password, Dialect dialect, Connection writeConnection) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
        this.writeConnection = writeConnection;
        this.writer = new Thread(this::writeLoop, "credence-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating or migrating the schema of) the audit log at a JDBC URL:
     * {@code jdbc:h2:file:...} or {@code jdbc:postgresql://host:port/db}.
     *
     * @throws AuditUnavailableException when the database cannot be reached or migrated
     * @throws IllegalArgumentException  when the URL is of another database
     */
    public static JdbcAuditLog open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        String url = dialect == Dialect.H2 ? durableH2Url(jdbcUrl) : jdbcUrl;
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(url, user, password);
            int version = SchemaMigrator.migrate(connection, dialect);
            connection.setAutoCommit(false);
            LOG.info("audit log open at {} (schema version {})", jdbcUrl, version);
            return new JdbcAuditLog(url, user, password, dialect, connection);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new AuditUnavailableException("cannot open the audit log at " + jdbcUrl + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
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
        Objects.requireNonNull(entry, "entry");
        // The document is written and mostly hashed here, in parallel with other appends; the one
        // writer thread only chains it (sequence, previous hash).
        Pending pending = new Pending(entry, RecordDocument.prepare(entry), new CompletableFuture<>());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new AuditUnavailableException("the audit log at " + url + " is closed; decision "
                        + entry.decisionId() + " was not audited", null);
            }
            queue.add(pending);
            accepted.incrementAndGet();
        } finally {
            lifecycle.readLock().unlock();
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
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
        try {
            List<AuditRecord> stored = commit(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(stored.get(i));
            }
        } catch (SQLException e) {
            boolean entryProblem = isEntryProblem(e);
            if (!entryProblem) {
                // The store itself failed: start over on a fresh connection next time.
                closeQuietly(writeConnection, e);
                writeConnection = null;
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
        }
    }

    private List<AuditRecord> commit(List<Pending> batch) throws SQLException {
        Connection c = writeConnection();
        try {
            long sequence;
            String previous;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) {
                    throw new SQLException("audit_chain_head has no row; the audit schema is damaged", "55000");
                }
                sequence = rs.getLong(1);
                previous = rs.getString(2);
            }
            long first = sequence;
            List<AuditRecord> stored = new ArrayList<>(batch.size());
            try (PreparedStatement record = c.prepareStatement("INSERT INTO audit_record (sequence, decision_id,"
                    + " application_id, channel, received_at, decided_at, status, outcome, model_versions, input_sha256,"
                    + " previous_hash, record_hash, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement input = c.prepareStatement(
                         "INSERT INTO audit_input (decision_id, raw_input) VALUES (?, ?)")) {
                boolean anyInput = false;
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
                    record.addBatch();
                    if (p.entry().rawInput() != null) {
                        input.setString(1, e.decisionId());
                        input.setString(2, p.entry().rawInput());
                        input.addBatch();
                        anyInput = true;
                    }
                    stored.add(new AuditRecord(sequence, p.entry(), doc.inputSha256(), previous, hash, null));
                    previous = hash;
                }
                record.executeBatch();
                if (anyInput) {
                    input.executeBatch();
                }
            }
            try (PreparedStatement head = c.prepareStatement(
                    "UPDATE audit_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1 AND last_sequence = ?")) {
                head.setLong(1, sequence);
                head.setString(2, previous);
                head.setLong(3, first);
                if (head.executeUpdate() != 1) {
                    throw new SQLException("audit_chain_head moved while it was locked", "40001");
                }
            }
            c.commit();
            commits.incrementAndGet();
            if (dialect == Dialect.H2 && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
                // Forces H2's file to the device (fsync), so a commit survives a power failure too.
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            return stored;
        } catch (SQLException | RuntimeException e) {
            SchemaMigrator.rollbackQuietly(c, e);
            throw e;
        }
    }

    private Connection writeConnection() throws SQLException {
        if (writeConnection == null) {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            writeConnection = c;
        }
        return writeConnection;
    }

    private RuntimeException failure(AuditEntry entry, SQLException e) {
        if (SQL_STATE_UNIQUE_VIOLATION.equals(e.getSQLState()) && find(entry.decisionId()).isPresent()) {
            return new IllegalArgumentException("decision " + entry.decisionId()
                    + " is already in the audit log; every decision id is audited once", e);
        }
        if (isEntryProblem(e)) {
            // The store is fine; this entry is not (e.g. PostgreSQL refuses U+0000 in text): never an outage.
            return new AuditEntryRefusedException("the audit log at " + url + " refused the record of decision "
                    + entry.decisionId() + ": " + e.getMessage() + " (SQLState " + e.getSQLState()
                    + "); nothing of it was written", e.getSQLState(), e);
        }
        return new AuditUnavailableException("cannot write the audit record of decision " + entry.decisionId() + " to "
                + url + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + "); nothing of it was written", e);
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
        String sql = "SELECT " + RECORD_COLUMNS + RECORD_FROM + " WHERE r.decision_id = ?";
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
        String sql = "SELECT " + RECORD_COLUMNS + RECORD_FROM + " WHERE r.sequence = ?";
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
        StringBuilder sql = new StringBuilder("SELECT " + RECORD_COLUMNS + RECORD_FROM + " WHERE 1 = 1");
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

    private static AuditRecord record(ResultSet rs) throws SQLException {
        RecordDocument doc = RecordDocument.parse(rs.getString("record_json"));
        OffsetDateTime erasedAt = rs.getObject("erased_at", OffsetDateTime.class);
        return new AuditRecord(rs.getLong("sequence"), RecordDocument.withInput(doc.entry(), rs.getString("raw_input")),
                doc.inputSha256(), doc.previousHash(), rs.getString("record_hash"),
                erasedAt == null ? null : erasedAt.toInstant());
    }

    // ------------------------------------------------------------------ verify

    @Override
    public ChainVerification verify() {
        try (Connection c = read()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                ChainVerification result = verify(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                SchemaMigrator.rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("verify the chain", e);
        }
    }

    private static ChainVerification verify(Connection c) throws SQLException {
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
            try (ResultSet rs = s.executeQuery("SELECT " + RECORD_COLUMNS + RECORD_FROM + " ORDER BY r.sequence")) {
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
        return ChainVerification.intact(checked);
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

    @Override
    public int eraseInput(String applicationId) {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId is required to erase inputs, was "
                    + (applicationId == null ? "null" : "blank"));
        }
        try (Connection c = read(); PreparedStatement p = c.prepareStatement("UPDATE audit_input SET raw_input = NULL,"
                + " erased_at = ? WHERE erased_at IS NULL AND decision_id IN"
                + " (SELECT decision_id FROM audit_record WHERE application_id = ?)")) {
            p.setObject(1, timestamp(Instant.now()));
            p.setString(2, applicationId);
            int erased = p.executeUpdate();
            LOG.info("erased the raw input of {} audit record(s) of application {}", erased, applicationId);
            return erased;
        } catch (SQLException e) {
            throw unavailable("erase the inputs of application " + applicationId, e);
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
        return "JdbcAuditLog[" + url + "]";
    }

    private Connection read() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException("cannot " + what + " in the audit log at " + url + ": " + e.getMessage()
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
