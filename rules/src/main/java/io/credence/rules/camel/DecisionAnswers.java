package io.credence.rules.camel;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.DecisionJson;
import io.credence.rules.service.ServiceOutcome;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;
import tools.jackson.databind.JsonNode;

/**
 * Writes what became of an application to the message: the headers of {@link CredenceConstants},
 * then the body, or an exception for a rejection or failure when the endpoint fails on them.
 *
 * <pre>{@code
 * DecisionAnswers.write(exchange.getMessage(), outcome, OutputType.JSON, true);
 * }</pre>
 */
final class DecisionAnswers {

    private DecisionAnswers() {
    }

    /**
     * @param failOnRejection true: a rejection throws {@link InvalidApplicationException} (its
     *                        violations name each field and what was expected), a failure
     *                        {@link DecisionFailedException}; the headers are set either way
     */
    static void write(Message message, ServiceOutcome outcome, OutputType output, boolean failOnRejection) {
        AuditEntry entry = outcome.record().entry();
        message.setHeader(CredenceConstants.DECISION_ID, entry.decisionId());
        setOrRemove(message, CredenceConstants.APPLICATION_ID, entry.applicationId());
        message.setHeader(CredenceConstants.STATUS, entry.status().name());
        setOrRemove(message, CredenceConstants.OUTCOME, entry.status() == AuditEntry.Status.DECIDED ? entry.outcome() : null);
        message.setHeader(CredenceConstants.REPLAYED, outcome.replayed());
        if (failOnRejection) {
            if (entry.status() == AuditEntry.Status.REJECTED) {
                throw new InvalidApplicationException(violations(outcome));
            }
            if (entry.status() == AuditEntry.Status.FAILED) {
                throw new DecisionFailedException(entry.decisionId(), outcome instanceof ServiceOutcome.Failed f
                        ? f.message() : String.join("; ", entry.errors()));
            }
        }
        message.setBody(output == OutputType.OBJECT ? outcome : DecisionJson.text(outcome));
    }

    /** The violations of a rejection; for a replayed one, as its audit record keeps them. */
    static List<Violation> violations(ServiceOutcome outcome) {
        if (outcome instanceof ServiceOutcome.Rejected rejected) {
            return rejected.violations();
        }
        List<Violation> out = new ArrayList<>();
        JsonNode errors = DecisionJson.of(outcome.record()).get("errors");
        if (errors != null) {
            for (JsonNode e : errors) {
                String field = text(e.get("field"));
                String expected = text(e.get("expected"));
                out.add(new Violation(field == null || field.isBlank() ? Violation.WHOLE_INPUT : field, text(e.get("value")),
                        expected == null || expected.isBlank() ? "a valid application (as first recorded: " + e + ")"
                                : expected));
            }
        }
        if (out.isEmpty()) {
            out.add(new Violation(Violation.WHOLE_INPUT, null, "a valid application (decision "
                    + outcome.decisionId() + " rejected it)"));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isString() ? node.asString() : node.toString();
    }

    private static void setOrRemove(Message message, String name, Object value) {
        if (value == null) {
            message.removeHeader(name);
        } else {
            message.setHeader(name, value);
        }
    }
}
