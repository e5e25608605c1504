package io.credence.plugin.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Micro-batching without a batching thread and without a timer: concurrent callers combine their
 * rows into one ONNX Runtime call.
 *
 * <ul>
 *   <li>A caller that is the only one active scores its own row at once on the one-row path
 *       ({@link ModelSession#scoreRow}): a lone caller never waits and never hands work to
 *       another thread.</li>
 *   <li>Otherwise the caller queues its row. Whoever takes the lock runs every queued row, at most
 *       {@code maxBatch}, as one call on reused direct buffers ({@link BatchBuffers}), after
 *       yielding at most {@link #FILL_YIELDS} times while fewer rows are queued than callers are
 *       active (the bounded wait), then marks each row done.</li>
 *   <li>A queued caller whose row is not done yields its core up to {@link #YIELDS} times,
 *       checking in between, then parks; it is unparked only if it parked. Timed parking, the
 *       first design, cost six times the throughput of one call per request with 64 callers on 2
 *       cores: the wake-ups themselves used the CPU.</li>
 * </ul>
 *
 * <p>The values handed back are raw; {@link ModelSession#score} checks each caller's value on its
 * own, so an invalid row in a shared call fails its own caller and no other.
 *
 * <p>No wake-up is lost: a caller queues before it tries the lock, whoever releases the lock
 * wakes the oldest queued caller, and a caller announces that it parks before it checks its row
 * a last time (the batch runner marks the row done before it checks for that announcement).
 */
final class ScoreCombiner {

    /**
     * How often a queued caller yields its core before it parks. Yielding lets the callers that
     * are due run on an oversubscribed machine, and a caller that finds its result after a yield
     * needs no wake-up call; measured best at 256 with 64 callers on 2 cores (docs/benchmarks.md).
     */
    static final int YIELDS = 256;
    /**
     * How often the thread about to run a batch yields first while fewer rows are queued than
     * callers are active, so that callers just served can queue their next row: the bounded wait.
     */
    static final int FILL_YIELDS = 1;

    private final ModelSession session;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger queuedRows = new AtomicInteger();
    /** Owned by whoever holds {@link #running}. */
    private BatchBuffers batchBuffers;
    private double[] values;

    ScoreCombiner(ModelSession session, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.session = session;
        this.maxBatch = maxBatch;
    }

    private static final class Request {
        final List<float[]> row;
        final Thread caller;
        volatile boolean done;
        volatile boolean parked;
        double value;
        RuntimeException error;

        Request(List<float[]> row, Thread caller) {
            this.row = row;
            this.caller = caller;
        }
    }

    /** Scores one encoded row (one float array per input), possibly together with other callers' rows. */
    double score(List<float[]> row) {
        int callers = active.incrementAndGet();
        try {
            if (callers == 1 && running.compareAndSet(false, true)) {
                try {
                    double value = session.scoreRow(row);
                    session.events().batchScored(session.card(), 1);
                    return value;
                } finally {
                    running.set(false);
                    wakeOldest();
                }
            }
            return queued(row);
        } finally {
            active.decrementAndGet();
        }
    }

    private double queued(List<float[]> row) {
        Request mine = new Request(row, Thread.currentThread());
        queue.add(mine);
        queuedRows.incrementAndGet();
        int yields = 0;
        while (!mine.done) {
            if (running.compareAndSet(false, true)) {
                try {
                    runBatch();
                } finally {
                    running.set(false);
                    wakeOldest();
                }
            } else if (yields < YIELDS) {
                yields++;
                Thread.yield();
            } else {
                mine.parked = true;
                if (!mine.done) {
                    LockSupport.park(this);
                }
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        return mine.value;
    }

    private void wakeOldest() {
        Request next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    private void runBatch() {
        int target = Math.min(maxBatch, active.get());
        for (int i = 0; i < FILL_YIELDS && queuedRows.get() < target; i++) {
            Thread.yield();
        }
        List<Request> batch = new ArrayList<>(Math.min(maxBatch, 64));
        Request r;
        while (batch.size() < maxBatch && (r = queue.poll()) != null) {
            batch.add(r);
        }
        queuedRows.addAndGet(-batch.size());
        int n = batch.size();
        if (n == 0) {
            return;
        }
        Error thrown = null;
        try {
            if (n == 1) {
                batch.get(0).value = session.scoreRow(batch.get(0).row);
            } else {
                BatchBuffers buffers = batchBuffers;
                if (buffers == null) {
                    buffers = session.batchBuffers(maxBatch);
                    batchBuffers = buffers;
                    values = new double[maxBatch];
                }
                buffers.clear();
                for (Request q : batch) {
                    buffers.add(q.row);
                }
                session.scoreBatch(buffers, values);
                for (int k = 0; k < n; k++) {
                    batch.get(k).value = values[k];
                }
            }
            session.events().batchScored(session.card(), n);
        } catch (RuntimeException | Error e) {
            // Every caller of the batch gets the failure; none may be left waiting for a result.
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("scoring failed: " + e, e);
            for (Request q : batch) {
                q.error = failure;
            }
            thrown = e instanceof Error error ? error : null;
        }
        Thread self = Thread.currentThread();
        for (Request q : batch) {
            q.done = true;
            if (q.caller != self && q.parked) {
                LockSupport.unpark(q.caller);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
