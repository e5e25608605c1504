package io.credence.chaos;

import io.credence.load.DecisionClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A lender's client under faults: sends every application until it gets an answer (a decision
 * or a 4xx), retrying connection failures and 503s after a short pause, the way a client retries
 * after a timeout. It records the first decision id answered for each application and how long
 * the service was unavailable.
 *
 * <pre>{@code
 * RetryingSender.Result r = new RetryingSender(() -> current.client(), 8, Duration.ofSeconds(90)).send(apps);
 * }</pre>
 */
public final class RetryingSender {

    private final Supplier<DecisionClient> client;
    private final int threads;
    private final Duration deadline;
    private final AtomicInteger progress = new AtomicInteger();

    /**
     * @param client   the client of the instance to send to now (a restarted service may be another)
     * @param threads  concurrent clients
     * @param deadline the whole run ends by then, answered or not
     */
    public RetryingSender(Supplier<DecisionClient> client, int threads, Duration deadline) {
        this.client = client;
        this.threads = threads;
        this.deadline = deadline;
    }

    /**
     * What a run saw.
     *
     * @param decisionIds      application id -> the decision id of its first answer
     * @param answered         applications with an answer (2xx or 4xx)
     * @param unanswered       applications still without an answer at the deadline (lost to the client)
     * @param attempts         requests sent, retries included
     * @param failedAttempts   requests that got no answer or a 5xx
     * @param replayed         answers marked {@code Idempotent-Replayed: true}
     * @param statuses         answers by HTTP status
     * @param longestOutageMs  longest stretch in which no request succeeded while some were trying
     * @param slowest5xxMs     the longest a request waited for a 5xx answer (how bounded a fault is)
     * @param answers          application id -> the answer that ended its sending (what to look
     *                         for when a later run finds it undecided)
     */
    public record Result(Map<String, String> decisionIds, int answered, int unanswered, long attempts,
                         long failedAttempts, long replayed, Map<Integer, Long> statuses, long longestOutageMs,
                         long slowest5xxMs, Map<String, Answer> answers) {

        /** The counts; the ids and answers per application only by their number. */
        @Override
        public String toString() {
            return "Result[answered=" + answered + ", unanswered=" + unanswered + ", attempts=" + attempts
                    + ", failedAttempts=" + failedAttempts + ", replayed=" + replayed + ", statuses=" + statuses
                    + ", longestOutageMs=" + longestOutageMs + ", slowest5xxMs=" + slowest5xxMs + ", decisionIds: "
                    + decisionIds.size() + "]";
        }
    }

    /**
     * The answer that ended an application's sending.
     *
     * @param status     its HTTP status
     * @param decisionId its decision id, null when the body named none
     * @param replayed   whether it was answered from an earlier record
     * @param attempt    how many requests the application took
     * @param body       the start of the body (at most 300 characters)
     */
    public record Answer(int status, String decisionId, boolean replayed, int attempt, String body) {
    }

    /** Applications answered so far in the current run (for a fault injector that waits for load). */
    public int answeredSoFar() {
        return progress.get();
    }

    public Result send(List<Workload.Application> apps) throws InterruptedException {
        Map<String, String> ids = new ConcurrentHashMap<>();
        java.util.Set<String> answeredApps = ConcurrentHashMap.newKeySet();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        AtomicLong attempts = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong replayed = new AtomicLong();
        AtomicLong lastSuccess = new AtomicLong(System.nanoTime());
        AtomicLong longestOutage = new AtomicLong();
        AtomicLong slowest5xx = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + deadline.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < apps.size()) {
                    Workload.Application app = apps.get(i);
                    int tries = 0;
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                        attempts.incrementAndGet();
                        tries++;
                        try {
                            DecisionClient.Reply reply = client.get().post(app.json());
                            statuses.merge(reply.status(), 1L, Long::sum);
                            if (reply.status() >= 500) {
                                slowest5xx.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(reply.nanos()), Math::max);
                            }
                            if (reply.status() < 500) {
                                long now = System.nanoTime();
                                long gap = now - lastSuccess.getAndSet(now);
                                longestOutage.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(gap), Math::max);
                                answeredApps.add(app.id());
                                progress.incrementAndGet();
                                if (reply.decisionId() != null) {
                                    ids.putIfAbsent(app.id(), reply.decisionId());
                                }
                                boolean replay = reply.body().contains("\"replayed\":true");
                                if (replay) {
                                    replayed.incrementAndGet();
                                }
                                answers.put(app.id(), new Answer(reply.status(), reply.decisionId(), replay, tries,
                                        reply.body().substring(0, Math.min(300, reply.body().length()))));
                                break;
                            }
                        } catch (IOException e) {
                            // no answer: the service is down or was killed mid-request
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (RuntimeException e) {
                            // e.g. the client of an instance that is gone
                        }
                        failed.incrementAndGet();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        pool.shutdownNow();
        return new Result(Map.copyOf(ids), answeredApps.size(), apps.size() - answeredApps.size(),
                attempts.get(), failed.get(), replayed.get(), Map.copyOf(statuses), longestOutage.get(), slowest5xx.get(),
                Map.copyOf(answers));
    }
}
