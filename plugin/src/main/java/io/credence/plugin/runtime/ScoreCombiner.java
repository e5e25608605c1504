package io.credence.plugin.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Micro-batching without a batching thread: concurrent callers combine their rows into one ONNX
 * Runtime call. A caller that finds no batch running runs one itself with every row queued at
 * that moment (at most {@code maxBatch}); callers that arrive while a batch runs queue up and
 * are served by the next batch. A lone caller therefore never waits for anyone: it runs its own
 * one-row batch at once. There is no timer and no hand-off to another thread.
 */
final class ScoreCombiner {

    private static final long PARK_NANOS = 20_000;

    private final ModelSession session;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

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
        double value;
        RuntimeException error;

        Request(List<float[]> row, Thread caller) {
            this.row = row;
            this.caller = caller;
        }
    }

    /** Scores one encoded row (one float array per input), possibly together with other callers' rows. */
    double score(List<float[]> row) {
        Request mine = new Request(row, Thread.currentThread());
        queue.add(mine);
        while (!mine.done) {
            if (running.compareAndSet(false, true)) {
                try {
                    runBatch();
                } finally {
                    running.set(false);
                }
                Request next = queue.peek();
                if (next != null && next != mine) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        return mine.value;
    }

    private void runBatch() {
        List<Request> batch = new ArrayList<>(Math.min(maxBatch, 64));
        Request r;
        while (batch.size() < maxBatch && (r = queue.poll()) != null) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        int n = batch.size();
        int inputs = batch.get(0).row.size();
        List<float[]> buffers = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            int per = batch.get(0).row.get(i).length;
            float[] buffer = new float[n * per];
            for (int k = 0; k < n; k++) {
                System.arraycopy(batch.get(k).row.get(i), 0, buffer, k * per, per);
            }
            buffers.add(buffer);
        }
        try {
            double[] values = session.scoreBuffers(buffers, n);
            for (int k = 0; k < n; k++) {
                batch.get(k).value = values[k];
            }
        } catch (RuntimeException e) {
            for (Request q : batch) {
                q.error = e;
            }
        }
        Thread self = Thread.currentThread();
        for (Request q : batch) {
            q.done = true;
            if (q.caller != self) {
                LockSupport.unpark(q.caller);
            }
        }
    }
}
