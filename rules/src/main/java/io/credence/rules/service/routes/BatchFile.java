package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.service.Channel;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.batch.BatchInput;
import io.credence.rules.service.batch.BatchSettings;
import io.credence.rules.service.batch.RecordReader;
import io.credence.rules.service.batch.ResultsFile;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.CsvApplications;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides every record of one batch file, streaming, and writes {@code <name>.results.jsonl} as
 * it goes: one JSON line per non-blank input record, in input order, with the line the record
 * starts on.
 *
 * <pre>{@code
 * BatchFile batch = new BatchFile(service, BatchSettings.DEFAULTS);
 * BatchFile.Result result = batch.process(Path.of("inbox/day.csv"), Path.of("outbox"), () -> false);
 * // outbox/day.csv.results.jsonl:
 * // {"line": 2, "decision": {...}}
 * // {"line": 3, "error": "the application is invalid; it was not decided", "decisionId": "...", "violations": [...]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code *.jsonl}: one application JSON per line; a UTF-8 byte-order mark is skipped.</li>
 *   <li>{@code *.csv}: a header row, then one application per RFC 4180 record (a quoted field may
 *       hold commas and line breaks), parsed by Commons CSV and mapped by {@link CsvApplications};
 *       the audit record keeps the header and the record as received.</li>
 *   <li>A record over {@code maxLineBytes}, or not UTF-8, is rejected (audited as REJECTED, field
 *       {@code $}) without being held in memory; a bad record never stops the file.</li>
 * </ul>
 *
 * <p>Memory does not grow with the file: records are read one at a time ({@link BatchInput}), at
 * most {@link BatchSettings#concurrency()} are being decided, and each results line goes to the
 * file as soon as it and every line before it are done ({@link ResultsFile}).
 *
 * <p><b>Concurrency.</b> Each decision waits until its audit record is durable, so one at a time a
 * file runs at the speed of the audit store's commits; several in flight share commits. Results
 * are still written in input order. Two kinds of record are decided alone, with nothing else in
 * flight: one without a usable {@code applicationId} (it cannot be recognised when decided again,
 * so no more than it may be at stake when a run stops), and one whose {@code applicationId} is
 * already in flight (so that a later line with new content for an application supersedes the
 * earlier one, in file order).
 *
 * <p><b>Resume.</b> Results go to a partial file that survives a crash. Processing a file again
 * (same content) counts the complete lines of its partial results, skips that many records and
 * goes on. A record that was decided but whose results line was lost is decided again; when it
 * has an {@code applicationId}, the audit log answers with the first decision
 * ({@link ServiceOutcome.Replayed}, {@code "replayed": true} in its line) and writes no second
 * record. A record without a usable {@code applicationId} cannot be recognised and is decided
 * again.
 *
 * <p>When the audit log is unavailable the file stops at that record: the results before it are
 * written and forced to disk and {@link AuditUnavailableException} propagates; no new record is
 * started, and processing the file again resumes there (records decided meanwhile come back as
 * replays).
 */
public final class BatchFile {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFile.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final DecisionService service;
    private final BatchSettings settings;
    private final RecordDecider decider;

    /**
     * How one record is decided: its raw input as the audit record keeps it and its tree, which may
     * throw {@link InvalidApplicationException} (a rejection). By default the service itself; the
     * file route decides through {@code credence:decide} ({@link #through}).
     */
    @FunctionalInterface
    public interface RecordDecider {
        ServiceOutcome decide(String rawInput, Supplier<JsonNode> tree);
    }

    public BatchFile(DecisionService service, BatchSettings settings) {
        this(service, settings, (raw, tree) -> service.decide(Channel.FILE, raw, tree));
    }

    private BatchFile(DecisionService service, BatchSettings settings, RecordDecider decider) {
        this.service = service;
        this.settings = settings;
        this.decider = decider;
    }

    /** The same batch whose records are decided by {@code decider}. */
    public BatchFile through(RecordDecider decider) {
        return new BatchFile(service, settings, decider);
    }

    /** The decision service behind this channel (readers, rejections of unreadable records). */
    public DecisionService service() {
        return service;
    }

    /**
     * What one run over a file did.
     *
     * @param results  the finished results file
     * @param records  results lines in it (non-blank input records, without a CSV header)
     * @param resumed  of those, already in the partial results of an earlier run (not read again)
     * @param decided  newly decided by the policy in this run
     * @param replayed answered from the audit log in this run: decided before, result line lost
     * @param refused  rejected or failed in this run
     */
    public record Result(Path results, long records, long resumed, long decided, long replayed, long refused) {
    }

    /** Whether the service reads a file of this name. */
    public static boolean accepts(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".csv");
    }

    /**
     * Decides the file (resuming its partial results, if any) and renames the results into place.
     *
     * @param stopRequested asked before each record; when true, the run stops there (partial results kept)
     * @throws AuditUnavailableException when the audit log failed part-way (partial results kept)
     * @throws CancellationException     when a stop was requested part-way (partial results kept)
     */
    public Result process(Path input, Path outputDir, BooleanSupplier stopRequested) throws IOException {
        String name = input.getFileName().toString();
        boolean csv = BatchInput.framing(name) == RecordReader.Framing.CSV;
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), task -> {
            Thread t = new Thread(task, "credence-batch-" + POOLS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (ResultsFile results = ResultsFile.open(outputDir, name, ResultsFile.fingerprint(input), settings.syncEvery());
             BatchInput in = BatchInput.open(input, settings.maxLineBytes())) {
            Columns columns = csv ? Columns.of(in.next()) : null;
            Run run = new Run(name, results, workers);
            long skip = results.completeLines();
            long records = 0;
            for (BatchInput.Item item = in.next(); item != null; item = in.next()) {
                if (++records <= skip) {
                    continue;
                }
                if (stopRequested.getAsBoolean()) {
                    run.drain();
                    throw new CancellationException("batch " + name + " stopped at line " + item.line()
                            + "; processing it again resumes there");
                }
                run.submit(prepare(item, columns));
            }
            run.drain();
            if (records < skip) {
                LOG.warn("batch {}: the partial results hold {} lines for {} records", name, skip, records);
            }
            long resumed = Math.min(skip, records);
            return new Result(results.complete(), Math.max(records, skip), resumed, run.decided, run.replayed,
                    records - resumed - run.decided - run.replayed);
        } finally {
            // Decisions still running when a run stops finish (each is bounded by the audit timeouts);
            // their results are not written, so a later run replays them.
            workers.shutdown();
            try {
                if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One record ready to be decided: the call, and the application id it is keyed by (null: not keyed). */
    private record Prepared(long line, String applicationId, Supplier<ServiceOutcome> decision) {
    }

    /**
     * Reads the record as the decision service would (JSON or CSV row to a tree), here in the
     * reading thread, to know its application id before it is decided.
     */
    private Prepared prepare(BatchInput.Item item, Columns columns) {
        if (item instanceof BatchInput.Unreadable u) {
            // as HTTP does for an oversized or non-UTF-8 body: audited, the bytes not kept
            return new Prepared(item.line(), null, () -> service.reject(Channel.FILE, null, List.of(u.violation())));
        }
        String text = ((BatchInput.Text) item).text();
        String raw = columns == null ? text : columns.raw(text);
        JsonNode tree;
        try {
            tree = columns == null ? service.reader().parse(text) : columns.row(text);
        } catch (InvalidApplicationException e) {
            return new Prepared(item.line(), null, () -> decider.decide(raw, () -> {
                throw e;
            }));
        }
        return new Prepared(item.line(), ApplicationReader.applicationIdOf(tree),
                () -> decider.decide(raw, () -> tree));
    }

    /** The records of one run in flight, their results written in input order. */
    private final class Run {

        private final String name;
        private final ResultsFile results;
        private final ExecutorService workers;
        private final Deque<InFlight> window = new ArrayDeque<>();
        private final Set<String> applications = new HashSet<>();
        long decided;
        long replayed;
        private long written;

        private record InFlight(Prepared record, Future<ServiceOutcome> outcome) {
        }

        Run(String name, ResultsFile results, ExecutorService workers) {
            this.name = name;
            this.results = results;
            this.workers = workers;
        }

        void submit(Prepared record) throws IOException {
            boolean keyed = record.applicationId() != null;
            if (!keyed || applications.contains(record.applicationId())) {
                drain();
            }
            while (window.size() >= settings.concurrency()) {
                writeFirst();
            }
            window.add(new InFlight(record, workers.submit(record.decision()::get)));
            if (keyed) {
                applications.add(record.applicationId());
            } else {
                drain();
            }
        }

        /** Waits for every record in flight and writes their results. */
        void drain() throws IOException {
            while (!window.isEmpty()) {
                writeFirst();
            }
        }

        private void writeFirst() throws IOException {
            InFlight first = window.peekFirst();
            ServiceOutcome outcome;
            try {
                outcome = first.outcome().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("batch " + name + " interrupted at line " + first.record().line());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuditUnavailableException audit) {
                    throw new AuditUnavailableException("batch " + name + " stopped at line " + first.record().line()
                            + " (" + (results.completeLines() + written) + " result(s) kept in "
                            + results.partialPath().getFileName() + "; processing it again resumes there): "
                            + audit.getMessage(), audit);
                }
                if (e.getCause() instanceof RuntimeException unexpected) {
                    throw unexpected;
                }
                throw new IllegalStateException(e.getCause());
            }
            window.removeFirst();
            if (first.record().applicationId() != null) {
                applications.remove(first.record().applicationId());
            }
            results.append(DecisionJson.text(resultLine(first.record().line(), outcome)));
            written++;
            if (outcome.replayed()) {
                replayed++;
            } else if (outcome instanceof ServiceOutcome.Decided) {
                decided++;
            }
        }
    }

    /**
     * The header of a CSV file: the columns, or why there are none (every row is then rejected with
     * that violation).
     */
    private record Columns(String header, CsvApplications columns, InvalidApplicationException problem) {

        static Columns of(BatchInput.Item header) {
            if (header == null) {
                return new Columns(null, null, null);   // an empty file: no rows either
            }
            if (header instanceof BatchInput.Unreadable u) {
                return new Columns(null, null, new InvalidApplicationException(List.of(
                        new Violation("header", u.violation().value(), u.violation().expected()))));
            }
            String text = ((BatchInput.Text) header).text();
            try {
                return new Columns(text, new CsvApplications(text), null);
            } catch (InvalidApplicationException e) {
                return new Columns(text, null, e);
            }
        }

        /** The audit record keeps the header and the row. */
        String raw(String row) {
            return header == null ? row : header + "\n" + row;
        }

        JsonNode row(String row) {
            if (problem != null) {
                throw problem;
            }
            return columns.row(row);
        }
    }

    /**
     * One results line: {@code {"line", "decision": {...}}} for a decision, the error body for a
     * rejection or failure; a replay has the shape of the first answer plus {@code "replayed": true}.
     */
    static ObjectNode resultLine(long line, ServiceOutcome outcome) {
        ObjectNode result = NODES.objectNode().put("line", line);
        AuditEntry.Status status = outcome.record().entry().status();
        if (status == AuditEntry.Status.DECIDED) {
            result.set("decision", DecisionJson.of(outcome));
        } else if (outcome.replayed()) {
            ObjectNode stored = DecisionJson.of(outcome.record());
            result.put("error", DecisionJson.INVALID_APPLICATION);
            result.put("decisionId", outcome.decisionId());
            result.set("violations", stored.get("errors"));
            result.put("replayed", true);
        } else {
            result.setAll(DecisionJson.of(outcome));
        }
        return result;
    }
}
