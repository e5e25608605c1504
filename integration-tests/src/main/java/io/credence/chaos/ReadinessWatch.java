package io.credence.chaos;

import io.credence.load.DecisionClient;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Asks {@code /health/ready} every 100 ms in a thread of its own and remembers when it was last
 * seen UP and DOWN, so a fault run can tell how soon readiness followed a fault and its end.
 *
 * <pre>{@code
 * try (ReadinessWatch watch = ReadinessWatch.start(() -> service.client())) {
 *     long faultEnded = System.nanoTime(); ...
 *     long msToReady = watch.firstUpAfter(faultEnded, 10_000);
 * }
 * }</pre>
 */
public final class ReadinessWatch implements AutoCloseable {

    private final Supplier<DecisionClient> client;
    private final Thread thread;
    /** Every answer: nanoTime and whether it was UP, in order. */
    private final java.util.List<long[]> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong firstDown = new AtomicLong();
    private volatile boolean stop;

    private ReadinessWatch(Supplier<DecisionClient> client) {
        this.client = client;
        this.thread = new Thread(this::run, "readiness-watch");
        this.thread.setDaemon(true);
    }

    public static ReadinessWatch start(Supplier<DecisionClient> client) {
        ReadinessWatch w = new ReadinessWatch(client);
        w.thread.start();
        return w;
    }

    private void run() {
        while (!stop) {
            boolean up;
            try {
                up = client.get().get("/health/ready").status() == 200;
            } catch (Exception e) {
                up = false;
            }
            long now = System.nanoTime();
            seen.add(new long[] {now, up ? 1 : 0});
            if (!up) {
                firstDown.compareAndSet(0, now);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Milliseconds from {@code since} (System.nanoTime) to the first DOWN seen, or -1. */
    public long firstDownAfterMs(long since) {
        long d = firstDown.get();
        return d == 0 || d < since ? -1 : (d - since) / 1_000_000;
    }

    /**
     * Milliseconds from {@code since} (System.nanoTime) to the first UP answer after it, waiting at
     * most {@code maxMs}; -1 when there was none.
     */
    public long upAgainAfterMs(long since, long maxMs) throws InterruptedException {
        long deadline = since + maxMs * 1_000_000;
        do {
            synchronized (seen) {
                for (long[] s : seen) {
                    if (s[0] >= since && s[1] == 1) {
                        return (s[0] - since) / 1_000_000;
                    }
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(2000);
    }
}
