package io.credence.rules.service;

import io.credence.rules.application.LoanApplication;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditEntryRefusedException;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.DecisionResult;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import io.credence.rules.service.input.VisibleText;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final CreditDecisionEngine engine;
    private final ApplicationReader reader;
    private final AuditLog audit;
    private final Clock clock;

    public DecisionService(CreditDecisionEngine engine, ApplicationReader reader, AuditLog audit) {
        this(engine, reader, audit, Clock.systemUTC());
    }

    public DecisionService(CreditDecisionEngine engine, ApplicationReader reader, AuditLog audit, Clock clock) {
        this.engine = engine;
        this.reader = reader;
        this.audit = audit;
        this.clock = clock;
    }

    public ApplicationReader reader() {
        return reader;
    }

    /** Decides JSON text as received. */
    public ServiceOutcome decide(Channel channel, String rawInput) {
        return decide(channel, rawInput, () -> reader.parse(rawInput));
    }

    /**
     * Decides an input some channel already turned into a tree (e.g. a CSV row), auditing
     * {@code rawInput} as received; {@code tree} may throw {@link InvalidApplicationException}.
     */
    public ServiceOutcome decide(Channel channel, String rawInput, Supplier<JsonNode> tree) {
        Instant received = clock.instant();
        String decisionId = DecisionIds.next().toString();
        JsonNode input = null;
        LoanApplication application;
        try {
            input = tree.get();
            application = reader.toApplication(input);
        } catch (InvalidApplicationException e) {
            return rejected(channel, decisionId, ApplicationReader.applicationIdOf(input), rawInput, received, e.violations());
        }
        DecisionResult result;
        try {
            result = engine.decide(application);
        } catch (RuntimeException e) {
            // The engine boundary: whatever went wrong inside the rules or the model becomes the
            // FAILED record of this application (the caller sees the message, never a stack trace).
            LOG.error("decision {} for application {} failed", decisionId, application.getApplicationId(), e);
            String message = "the decision could not be made: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            AuditRecord record = audit.append(new AuditEntry(decisionId, application.getApplicationId(), channel.auditName(),
                    received, clock.instant(), rawInput, AuditEntry.Status.FAILED, null, List.of(), List.of(), Map.of(),
                    List.of(), engine.ruleBase(), List.of(message)));
            return new ServiceOutcome.Failed(message, record);
        }
        AuditRecord record;
        try {
            record = audit.append(AuditEntry.ofDecision(result, channel.auditName(), received, rawInput));
        } catch (AuditEntryRefusedException e) {
            // The store works but cannot keep what this input holds: an input fault, audited as a rejection.
            LOG.warn("decision {} refused by the audit log, recorded as a rejection: {}", decisionId, e.getMessage());
            return rejected(channel, decisionId, application.getApplicationId(), rawInput, received, List.of(new Violation(
                    Violation.WHOLE_INPUT, null, "input the audit log can store (SQLState " + e.sqlState() + ")")));
        }
        return new ServiceOutcome.Decided(result, record);
    }

    /**
     * Rejects an input a channel refused before it could be read (too large, wrong content type,
     * not UTF-8); it is audited like any other rejection. {@code rawInput} may be null when it
     * is not kept (an oversized body).
     */
    public ServiceOutcome.Rejected reject(Channel channel, String rawInput, List<Violation> violations) {
        Instant now = clock.instant();
        return rejected(channel, DecisionIds.next().toString(), null, rawInput, now, violations);
    }

    /** The stored record of a decision (or rejection), by decision id. */
    public Optional<AuditRecord> find(String decisionId) {
        return audit.find(decisionId);
    }

    private ServiceOutcome.Rejected rejected(Channel channel, String decisionId, String applicationId, String rawInput,
                                             Instant received, List<Violation> violations) {
        List<String> errors = violations.stream().map(DecisionService::errorJson).toList();
        AuditRecord record = audit.append(new AuditEntry(decisionId, applicationId, channel.auditName(), received,
                clock.instant(), VisibleText.escapeKeepingLines(rawInput), AuditEntry.Status.REJECTED, null, List.of(),
                List.of(), Map.of(), List.of(), null, errors));
        return new ServiceOutcome.Rejected(violations, record);
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
