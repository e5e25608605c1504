package io.credence.rules.audit.proof;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the tree's head every {@code everyRecords} new records or every {@code interval}
 * (whichever comes first, and only when the tree grew) and at shutdown; stores each checkpoint in
 * the audit store and appends it to the witness file outside the database.
 *
 * <pre>{@code
 * try (Checkpointer checkpoints = Checkpointer.start(auditLog.tree(), new JdbcCheckpoints(auditLog.pool()),
 *         new CheckpointSigner(SigningKeys.read(keyFile)), new CheckpointFile(dir), 1000, Duration.ofSeconds(10),
 *         Clock.systemUTC())) {
 *     ...   // serve; close() signs the last head
 * }
 * }</pre>
 *
 * <p>Several service instances on one store each run one: they sign the same tree, so their
 * checkpoints agree wherever their sizes meet, and each keeps its own witness file.
 */
public final class Checkpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** How often the tree's size is looked at. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final MerkleTree tree;
    private final JdbcCheckpoints stored;
    private final CheckpointSigner signer;
    private final CheckpointFile witness;
    private final long everyRecords;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Checkpoint> last = new AtomicReference<>();
    private volatile Instant lastAt;
    private volatile String lastFailure;

    private Checkpointer(MerkleTree tree, JdbcCheckpoints stored, CheckpointSigner signer, CheckpointFile witness,
                         long everyRecords, Duration interval, Clock clock) {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("checkpoint-every must be at least 1 record, was " + everyRecords);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint-interval must be positive, was " + interval);
        }
        this.tree = tree;
        this.stored = stored;
        this.signer = signer;
        this.witness = witness;
        this.everyRecords = everyRecords;
        this.interval = interval;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "credence-audit-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts signing.
     *
     * @param witness the witness file, or null to keep checkpoints in the store only
     */
    public static Checkpointer start(MerkleTree tree, JdbcCheckpoints stored, CheckpointSigner signer,
                                     CheckpointFile witness, long everyRecords, Duration interval, Clock clock) {
        Checkpointer c = new Checkpointer(tree, stored, signer, witness, everyRecords, interval, clock);
        c.lastAt = clock.instant();
        stored.latest().ifPresent(c.last::set);
        c.timer.scheduleWithFixedDelay(c::tick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** The next checkpoint is due by then at the latest. */
    public Duration interval() {
        return interval;
    }

    /** The latest checkpoint this or another instance signed, as last seen. */
    public Optional<Checkpoint> latest() {
        return Optional.ofNullable(last.get());
    }

    /** Why the last attempt failed; null when it did not. */
    public String lastFailure() {
        return lastFailure;
    }

    private void tick() {
        try {
            long size = tree.size();
            Checkpoint previous = last.get();
            long signedSize = previous == null ? 0 : previous.treeSize();
            boolean due = size - signedSize >= everyRecords
                    || (size > signedSize && !clock.instant().isBefore(lastAt.plus(interval)));
            if (due) {
                checkpoint(size);
            }
        } catch (RuntimeException e) {
            // Retried on the next tick; the proof endpoint and health say what is missing.
            lastFailure = e.getMessage();
            LOG.warn("audit checkpoint failed, retrying: {}", e.getMessage());
        }
    }

    /** Signs the head now (when the tree grew since the last checkpoint); returns the latest checkpoint. */
    public synchronized Optional<Checkpoint> checkpointNow() {
        checkpoint(tree.size());
        return latest();
    }

    private synchronized void checkpoint(long size) {
        Checkpoint previous = last.get();
        if (previous != null && previous.treeSize() >= size) {
            return;
        }
        // Nodes are written once, so the root of this size never changes, whatever is appended meanwhile.
        Checkpoint checkpoint = signer.sign(size, tree.root(size), clock.instant());
        if (!stored.save(checkpoint)) {
            LOG.debug("tree size {} was already signed by another instance", size);
        }
        if (witness != null) {
            witness.append(checkpoint);
        }
        last.set(checkpoint);
        lastAt = checkpoint.time();
        lastFailure = null;
    }

    /** Stops the timer and signs the last head. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            checkpointNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("the closing audit checkpoint failed: {}", e.getMessage());
        }
    }
}
