package io.credence.rules.rulebase.impact;

import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides every application of a portfolio with two policies, in parallel, streaming: one thread
 * reads records, {@code threads} workers parse and decide them in chunks of {@value #CHUNK} and
 * tally the results; at most two chunks per worker are in flight, so memory does not grow with
 * the portfolio. No audit is written; the models are scored for real unless a row gives the score.
 *
 * <pre>{@code
 * ImpactSimulation simulation = new ImpactSimulation(baselineEngine, candidateEngine, 2, 5);
 * try (Portfolio portfolio = Portfolio.open(file, reader)) {
 *     ImpactTally tally = simulation.run(portfolio);
 * }
 * }</pre>
 */
public final class ImpactSimulation {

    /** Records per task. */
    static final int CHUNK = 256;

    private final CreditDecisionEngine baseline;
    private final CreditDecisionEngine candidate;
    private final int threads;
    private final int examplesPerCell;

    public ImpactSimulation(CreditDecisionEngine baseline, CreditDecisionEngine candidate, int threads, int examplesPerCell) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.baseline = baseline;
        this.candidate = candidate;
        this.threads = threads;
        this.examplesPerCell = examplesPerCell;
    }

    /**
     * The models bound as an impact run binds them: scored for real, explained by occlusion (one
     * batched row per feature), the cheapest method. The report holds decisions and reason codes,
     * not the model's principal reasons, which are all an explanation changes.
     */
    public static RuleModels models(ModelRegistry registry) {
        return RuleModels.of(registry).explainingWith(ExplanationMethod.OCCLUSION);
    }

    /** Reads the portfolio to its end and returns the tally of every row. */
    public ImpactTally run(Portfolio portfolio) throws IOException {
        ImpactTally total = new ImpactTally(examplesPerCell);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int slots = threads * 2;
        Semaphore inFlight = new Semaphore(slots);
        AtomicInteger names = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "impact-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Portfolio.Record> chunk = new ArrayList<>(CHUNK);
            for (Portfolio.Record r = portfolio.next(); r != null && failure.get() == null; r = portfolio.next()) {
                chunk.add(r);
                if (chunk.size() == CHUNK) {
                    submit(chunk, portfolio, total, inFlight, workers, failure);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (!chunk.isEmpty()) {
                submit(chunk, portfolio, total, inFlight, workers, failure);
            }
            inFlight.acquireUninterruptibly(slots); // every chunk done
        } finally {
            workers.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
        return total;
    }

    private void submit(List<Portfolio.Record> chunk, Portfolio portfolio, ImpactTally total, Semaphore inFlight,
                        ExecutorService workers, AtomicReference<Throwable> failure) {
        inFlight.acquireUninterruptibly();
        workers.execute(() -> {
            try {
                ImpactTally local = decide(chunk, portfolio);
                synchronized (total) {
                    total.merge(local);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    private ImpactTally decide(List<Portfolio.Record> chunk, Portfolio portfolio) {
        ImpactTally tally = new ImpactTally(examplesPerCell);
        for (Portfolio.Record record : chunk) {
            Portfolio.Parsed parsed = portfolio.parse(record);
            if (parsed instanceof RejectedRow rejected) {
                tally.reject(rejected);
                continue;
            }
            Portfolio.Row row = (Portfolio.Row) parsed;
            DecisionResult b;
            DecisionResult c;
            try {
                b = baseline.decide(row.application(), row.scores());
            } catch (RuntimeException e) {
                tally.reject(new RejectedRow(row.line(), row.application().getApplicationId(),
                        "the baseline policy could not decide it: " + e.getMessage()));
                continue;
            }
            try {
                c = candidate.decide(row.application(), row.scores());
            } catch (RuntimeException e) {
                tally.reject(new RejectedRow(row.line(), row.application().getApplicationId(),
                        "the candidate policy could not decide it: " + e.getMessage()));
                continue;
            }
            tally.add(row.line(), b, c);
        }
        return tally;
    }
}
