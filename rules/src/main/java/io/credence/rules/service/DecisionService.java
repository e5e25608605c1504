package io.credence.rules.service;

import io.credence.rules.application.LoanApplication;
import io.credence.rules.audit.ApplicationHistory;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditEntryRefusedException;
import io.credence.rules.audit.DuplicateInputException;
import io.credence.rules.service.input.CanonicalInput;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import io.credence.rules.service.logs.DecisionLogContext;
import io.credence.rules.service.reload.DecisionState;
import io.credence.rules.service.reload.DecisionStates;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import io.credence.rules.decision.DecisionIds;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The decision core every channel calls: validate, decide, audit, respond. Thread-safe.
 *
 * <pre>{@code
 * DecisionService service = new DecisionService(engine, new ApplicationReader(ApplicationSchema.load()), auditLog);
 * ServiceOutcome outcome = service.decide(Channel.REST, body);   // AuditUnavailableException: release nothing
 * }</pre>
 *
 * <p>Every call ends with exactly one audit record: DECIDED, REJECTED (the violations as errors)
 * or FAILED (an internal error). The outcome is returned only after {@link AuditLog#append}
 * returned, i.e. after the record is durable; when the audit log cannot write,
 * {@link AuditUnavailableException} propagates and no decision leaves the service.
 */
public final class DecisionService {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionService.class);
    /**
     * One line per outcome, at DEBUG: the service's log set-up shows it
     * ({@link io.credence.rules.service.logs.LogbackConfigurator}); a library user's logger at INFO
     * (a load harness in-process) does not pay for it.
     */
    public static final String OUTCOME_LOGGER = "credence.decisions";
    private static final Logger OUTCOMES = LoggerFactory.getLogger(OUTCOME_LOGGER);

    /** The decision state (rule base, models, engine); a decision leases it once and finishes on it. */
    private final DecisionStates states;
    private final ApplicationReader reader;
    private final AuditLog audit;
    private final Clock clock;
    private final DecisionEvents events;

    public DecisionService(CreditDecisionEngine engine, ApplicationReader reader, AuditLog audit) {
        this(engine, reader, audit, Clock.systemUTC());
    }

    public DecisionService(CreditDecisionEngine engine, ApplicationReader reader, AuditLog audit, Clock clock) {
        this(DecisionStates.of(engine), reader, audit, clock, DecisionEvents.NONE);
    }

    /**
     * A service deciding with whatever state {@code states} holds at the start of each decision, so that
     * {@link io.credence.rules.service.reload.Reloader} can swap rule base and models under it.
     */
    public DecisionService(DecisionStates states, ApplicationReader reader, AuditLog audit) {
        this(states, reader, audit, Clock.systemUTC(), DecisionEvents.NONE);
    }

    private DecisionService(DecisionStates states, ApplicationReader reader, AuditLog audit, Clock clock,
                            DecisionEvents events) {
        this.states = java.util.Objects.requireNonNull(states, "states");
        this.reader = reader;
        this.audit = audit;
        this.clock = clock;
        this.events = java.util.Objects.requireNonNull(events, "events");
    }

    /** The same service, reporting every answered application to {@code events} (metrics). */
    public DecisionService reportingTo(DecisionEvents events) {
        return new DecisionService(states, reader, audit, clock, events);
    }

    /** The engine (rule base and the models its rules score with) this service decides with now. */
    public CreditDecisionEngine engine() {
        return states.current().engine();
    }

    /** The decision states this service leases one of for each decision. */
    public DecisionStates states() {
        return states;
    }

    public ApplicationReader reader() {
        return reader;
    }

    /** Decides JSON text as received. */
    public ServiceOutcome decide(Channel channel, String rawInput) {
        return decide(channel, rawInput, () -> reader.parse(rawInput));
    }

    /**
     * Decides JSON text as received on behalf of a principal, whose
     * {@link io.credence.rules.security.Principal#id() id} the audit record keeps as
     * {@link AuditEntry#requestedBy()} (null: none recorded).
     */
    public ServiceOutcome decide(Channel channel, String rawInput, String requestedBy) {
        return decide(channel, rawInput, () -> reader.parse(rawInput), requestedBy);
    }

    /**
     * Decides an input some channel already turned into a tree (e.g. a CSV row), auditing
     * {@code rawInput} as received; {@code tree} may throw {@link InvalidApplicationException}.
     *
     * <p>Idempotent: an input with a usable {@code applicationId} is keyed by that id and the
     * keyed hash of its canonical content ({@link CanonicalInput}, {@link AuditLog#inputKey}). When
     * the log already holds that key the stored record is the answer ({@link ServiceOutcome.Replayed})
     * and nothing is decided or written; the store's unique key settles two instances racing on the
     * same input. New content for a known {@code applicationId} is a new decision that names the
     * application's previous decision ({@link AuditEntry#supersedes()}).
     */
    public ServiceOutcome decide(Channel channel, String rawInput, Supplier<JsonNode> tree) {
        return decide(channel, rawInput, tree, null);
    }

    /** {@link #decide(Channel, String, Supplier)} on behalf of a principal ({@code requestedBy} may be null). */
    public ServiceOutcome decide(Channel channel, String rawInput, Supplier<JsonNode> tree, String requestedBy) {
        long receivedNanos = System.nanoTime();
        // Made on this thread from start to end: the future is complete when it is returned.
        ServiceOutcome outcome = decideOnce(channel, rawInput, tree, requestedBy, receivedNanos, null).join();
        events.answered(channel, outcome, System.nanoTime() - receivedNanos);
        return outcome;
    }

    /** {@link #decideAsync(Channel, String, Supplier, String, Executor, Executor)} of JSON text as received. */
    public CompletableFuture<ServiceOutcome> decideAsync(Channel channel, String rawInput, String requestedBy,
                                                         Executor continuation, Executor blocking) {
        return decideAsync(channel, rawInput, () -> reader.parse(rawInput), requestedBy, continuation, blocking);
    }

    /**
     * As {@link #decide(Channel, String, Supplier, String)}, without holding the calling thread while
     * the decision's audit record is committed: reading, the idempotency check and the decision run
     * on the calling thread, the record goes to the audit log's group commit
     * ({@link AuditLog#appendAsync}), and the future completes on {@code continuation} once the
     * record is durable. The same guarantees hold: the outcome exists only after its record is
     * durable; when the log cannot make it durable in time the future fails with
     * {@link AuditUnavailableException} and nothing is released. Rejections, failures and replays
     * are recorded or read on the calling thread, as in {@code decide}; the rare decision whose input
     * another request recorded first (or that the store refuses to keep) is answered from the store
     * on {@code blocking}, so that the continuation never waits for the store.
     *
     * @param continuation where the outcome is completed and logged (an HTTP server's event loop, say);
     *                     never the audit log's writer thread, which has the next commit to make
     * @param blocking     where a failed commit's follow-up reads or writes the store (a worker pool);
     *                     never an event loop
     */
    public CompletableFuture<ServiceOutcome> decideAsync(Channel channel, String rawInput, Supplier<JsonNode> tree,
                                                         String requestedBy, Executor continuation, Executor blocking) {
        java.util.Objects.requireNonNull(continuation, "continuation");
        java.util.Objects.requireNonNull(blocking, "blocking");
        long receivedNanos = System.nanoTime();
        CompletableFuture<ServiceOutcome> outcome;
        try {
            outcome = decideOnce(channel, rawInput, tree, requestedBy, receivedNanos, new Async(continuation, blocking));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return outcome.thenApply(o -> {
            events.answered(channel, o, System.nanoTime() - receivedNanos);
            return o;
        });
    }

    /** Where an asynchronous decision goes on: the continuation, and a pool for what may block. */
    private record Async(Executor continuation, Executor blocking) {
    }

    /**
     * The decision of one input; {@code async} null: made on this thread to the end (the future is
     * complete on return), else the audit commit of a decision is waited for by nobody and the rest
     * runs on the continuation (the future completes there).
     */
    private CompletableFuture<ServiceOutcome> decideOnce(Channel channel, String rawInput, Supplier<JsonNode> tree,
                                                         String requestedBy, long receivedNanos, Async async) {
        Instant received = clock.instant();
        String decisionId = DecisionIds.next().toString();
        // Every line logged while this application is worked on names it (ids only, never its values).
        CompletableFuture<ServiceOutcome> outcome;
        try (DecisionLogContext ids = DecisionLogContext.open(decisionId)) {
            outcome = decide(channel, rawInput, tree, requestedBy, received, receivedNanos, decisionId, ids, async);
            if (outcome.isDone()) {
                return CompletableFuture.completedFuture(logged(channel, outcome.join(), ids));
            }
        }
        // logged() names the outcome's decision and application in the context it writes in; the
        // outcome completes on the continuation already (decided()), so no second hop.
        return outcome.thenApply(o -> {
            try (DecisionLogContext ids = DecisionLogContext.open(decisionId)) {
                return logged(channel, o, ids);
            }
        });
    }

    private CompletableFuture<ServiceOutcome> decide(Channel channel, String rawInput, Supplier<JsonNode> tree,
                                                     String requestedBy, Instant received, long receivedNanos,
                                                     String decisionId, DecisionLogContext ids, Async async) {
        JsonNode input;
        try {
            input = tree.get();
        } catch (InvalidApplicationException e) {
            return done(rejected(channel, decisionId, null, null, rawInput, received, e.violations(), requestedBy));
        }
        String applicationId = ApplicationReader.applicationIdOf(input);
        ids.applicationId(applicationId);
        String key = applicationId == null ? null : audit.inputKey(CanonicalInput.of(input));
        ApplicationHistory history = audit.history(applicationId, key);
        if (history.sameInputDecisionId() != null) {
            return done(replay(history.sameInputDecisionId()));
        }
        LoanApplication application;
        try {
            application = reader.toApplication(input);
        } catch (InvalidApplicationException e) {
            return done(rejected(channel, decisionId, applicationId, key, rawInput, received, e.violations(), requestedBy));
        }
        // One state for the whole decision, its audit record included: a reload meanwhile does not mix two.
        DecisionState.Lease lease = states.acquire();
        CompletableFuture<ServiceOutcome> outcome;
        try {
            outcome = decided(channel, rawInput, requestedBy, received, receivedNanos, decisionId, key, history,
                    application, lease.engine(), async);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        if (outcome.isDone()) {
            lease.close();
            return outcome;
        }
        return outcome.whenComplete((o, failure) -> lease.close());
    }

    private static CompletableFuture<ServiceOutcome> done(ServiceOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private CompletableFuture<ServiceOutcome> decided(Channel channel, String rawInput, String requestedBy,
                                                      Instant received, long receivedNanos, String decisionId, String key,
                                                      ApplicationHistory history, LoanApplication application,
                                                      CreditDecisionEngine engine, Async async) {
        DecisionResult result;
        try {
            result = engine.decide(application);
        } catch (RuntimeException e) {
            // The engine boundary: whatever went wrong inside the rules or the model becomes the
            // FAILED record of this application (the caller sees the message, never a stack trace).
            // Not keyed: a retry of a failed application is decided again.
            LOG.error("decision {} for application {} failed", decisionId, application.getApplicationId(), e);
            String message = "the decision could not be made: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            AuditRecord record = audit.append(new AuditEntry(decisionId, application.getApplicationId(), channel.auditName(),
                    received, clock.instant(), rawInput, AuditEntry.Status.FAILED, null, List.of(), List.of(), Map.of(),
                    List.of(), engine.ruleBase(), List.of(message)).requestedBy(requestedBy));
            return done(new ServiceOutcome.Failed(message, record));
        }
        AuditEntry entry = AuditEntry.ofDecision(result, channel.auditName(), received, rawInput)
                .keyed(key, history.latestDecisionId()).requestedBy(requestedBy);
        if (async == null) {
            try {
                return done(new ServiceOutcome.Decided(result, audit.append(entry, receivedNanos)));
            } catch (RuntimeException e) {
                return done(notRecorded(e, channel, decisionId, application, key, rawInput, received, requestedBy));
            }
        }
        // Durable: the outcome, made on the writer's thread (nothing but the record), then to the
        // continuation. A duplicate or a refused entry: the follow-up asks the store, so it runs where
        // a thread may block. Anything else (the log unavailable) goes straight on: a 503 waits for no worker.
        return audit.appendAsync(entry, receivedNanos)
                .<ServiceOutcome>thenApply(record -> new ServiceOutcome.Decided(result, record))
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (!(cause instanceof DuplicateInputException || cause instanceof AuditEntryRefusedException)) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    return CompletableFuture.supplyAsync(() -> notRecorded(cause, channel, decisionId, application, key,
                            rawInput, received, requestedBy), async.blocking());
                })
                .whenCompleteAsync((o, f) -> { }, async.continuation());
    }

    /**
     * The outcome of a decision whose record the log did not write: the earlier record of the same
     * input, or the store's refusal audited as a rejection; anything else (the log unavailable) is thrown.
     */
    private ServiceOutcome notRecorded(Throwable failure, Channel channel, String decisionId, LoanApplication application,
                                       String key, String rawInput, Instant received, String requestedBy) {
        if (failure instanceof DuplicateInputException e) {
            // Another request (or service instance) recorded the identical application first.
            return replay(e.existingDecisionId());
        }
        if (failure instanceof AuditEntryRefusedException e) {
            // The store works but cannot keep what this input holds: an input fault, audited as a rejection.
            LOG.warn("decision {} refused by the audit log, recorded as a rejection: {}", decisionId, e.getMessage());
            return rejected(channel, decisionId, application.getApplicationId(), key, rawInput, received, List.of(
                    new Violation(Violation.WHOLE_INPUT, null, "input the audit log can store (SQLState " + e.sqlState() + ")")),
                    requestedBy);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new CompletionException(failure);
    }

    private ServiceOutcome.Replayed replay(String decisionId) {
        return audit.find(decisionId).map(ServiceOutcome.Replayed::new)
                .orElseThrow(() -> new AuditUnavailableException("decision " + decisionId
                        + " is recorded for this input but cannot be read back", null));
    }

    /**
     * Rejects an input a channel refused before it could be read (too large, wrong content type,
     * not UTF-8); it is audited like any other rejection. {@code rawInput} may be null when it
     * is not kept (an oversized body).
     */
    public ServiceOutcome.Rejected reject(Channel channel, String rawInput, List<Violation> violations) {
        return reject(channel, rawInput, violations, null);
    }

    /** {@link #reject(Channel, String, List)} on behalf of a principal ({@code requestedBy} may be null). */
    public ServiceOutcome.Rejected reject(Channel channel, String rawInput, List<Violation> violations, String requestedBy) {
        long receivedNanos = System.nanoTime();
        Instant now = clock.instant();
        String decisionId = DecisionIds.next().toString();
        try (DecisionLogContext ids = DecisionLogContext.open(decisionId)) {
            // Not keyed (there is no application id), so never a replay.
            ServiceOutcome.Rejected outcome = (ServiceOutcome.Rejected) logged(channel, rejected(channel, decisionId, null,
                    null, rawInput, now, violations, requestedBy), ids);
            events.answered(channel, outcome, System.nanoTime() - receivedNanos);
            return outcome;
        }
    }

    /**
     * One line per outcome, in the decision's log context: status, decision, channel; nothing the
     * client sent.
     */
    private static ServiceOutcome logged(Channel channel, ServiceOutcome outcome, DecisionLogContext ids) {
        AuditEntry entry = outcome.record().entry();
        ids.decisionId(entry.decisionId()).applicationId(entry.applicationId());
        if (outcome instanceof ServiceOutcome.Replayed) {
            OUTCOMES.debug("replayed {}{} from the audit log ({})", entry.status(), entry.outcome() == null ? "" : " " + entry.outcome(),
                    channel.auditName());
        } else if (outcome instanceof ServiceOutcome.Rejected rejected) {
            // The count only: a field name is the client's text too (an unknown property's name).
            OUTCOMES.debug("rejected ({}): {} violation(s)", channel.auditName(), rejected.violations().size());
        } else if (outcome instanceof ServiceOutcome.Decided) {
            OUTCOMES.debug("decided {} ({})", entry.outcome(), channel.auditName());
        }
        return outcome;
    }

    /** The stored record of a decision (or rejection), by decision id. */
    public Optional<AuditRecord> find(String decisionId) {
        return audit.find(decisionId);
    }

    private ServiceOutcome rejected(Channel channel, String decisionId, String applicationId, String key,
                                    String rawInput, Instant received, List<Violation> violations, String requestedBy) {
        List<String> errors = violations.stream().map(DecisionService::errorJson).toList();
        AuditEntry entry = new AuditEntry(decisionId, applicationId, channel.auditName(), received,
                clock.instant(), VisibleText.escapeKeepingLines(rawInput), AuditEntry.Status.REJECTED, null, List.of(),
                List.of(), Map.of(), List.of(), null, errors).keyed(key, null).requestedBy(requestedBy);
        try {
            return new ServiceOutcome.Rejected(violations, audit.append(entry));
        } catch (DuplicateInputException e) {
            return replay(e.existingDecisionId());
        }
    }

    /** A violation as the audit log keeps it: one JSON object {@code {field, value, expected}}. */
    static String errorJson(Violation v) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("field", v.field());
        node.put("value", v.value());
        node.put("expected", v.expected());
        return node.toString();
    }
}
